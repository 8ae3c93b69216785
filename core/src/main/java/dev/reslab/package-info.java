/**
 * What all reslab modules share: {@link dev.reslab.ReslabException}, the root of the library's own
 * failures (data problems are its subclass {@code dev.reslab.data.DataException}).
 */
package dev.reslab;
