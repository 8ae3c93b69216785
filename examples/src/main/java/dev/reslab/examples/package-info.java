/**
 * Runnable examples of the library, compiled and run by {@code mvn verify}; the module READMEs
 * quote them.
 */
package dev.reslab.examples;
