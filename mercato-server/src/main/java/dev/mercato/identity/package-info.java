/** Users, platform admins and API keys: who may call Mercato, and as whom. */
package dev.mercato.identity;
