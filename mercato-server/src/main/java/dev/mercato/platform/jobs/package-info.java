/** Background jobs on db-scheduler: registering modules' jobs, recording their runs, and showing them to operators. */
package dev.mercato.platform.jobs;
