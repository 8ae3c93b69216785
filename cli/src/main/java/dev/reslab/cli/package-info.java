/**
 * The {@code reslab} command (picocli): argument parsing and wiring over the library APIs, nothing
 * more.
 */
package dev.reslab.cli;
