/** Files written so that a crash leaves either the old file or the new one, never a torn one. */
package dev.reslab.analysis.io;
