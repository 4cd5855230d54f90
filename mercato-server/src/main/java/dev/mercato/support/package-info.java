/** What users and client applications tell the platform's operators: client-side error reports and support messages. */
package dev.mercato.support;
