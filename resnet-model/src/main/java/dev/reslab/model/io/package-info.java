/**
 * File writing that survives a kill: every write goes to a temporary file that is renamed into
 * place.
 */
package dev.reslab.model.io;
