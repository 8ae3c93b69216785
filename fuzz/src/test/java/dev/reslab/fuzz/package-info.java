/**
 * Fuzz targets, one per reader of outside bytes, each feeding arbitrary bytes through the public
 * entry point the command line uses and checking {@link dev.reslab.fuzz.ReaderContract}. By default
 * every target runs its seeds and committed regression inputs ({@code
 * src/test/resources/dev/reslab/fuzz/<Target>Inputs/}) and is then fuzzed for a few seconds in a
 * JVM of its own; {@code -Dgroups=fuzz} fuzzes minutes per target.
 */
package dev.reslab.fuzz;
