/** HTTP endpoints for error reports and support messages, and their operator listings. */
package dev.mercato.support.web;
