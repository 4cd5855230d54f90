/** HTTP endpoints for campaigns, their funding, tasks, submissions and reviews, analytics and export. */
package dev.mercato.campaigns.web;
