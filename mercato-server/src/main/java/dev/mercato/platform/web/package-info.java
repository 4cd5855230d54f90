/** HTTP plumbing shared by all modules: problem+json errors, request ids and the test clock endpoint. */
package dev.mercato.platform.web;
