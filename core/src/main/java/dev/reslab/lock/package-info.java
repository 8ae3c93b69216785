/**
 * One writer per run folder: {@link dev.reslab.lock.RunLock} holds an operating-system lock on
 * {@code RUN/.reslab-lock} for as long as a process trains, imports or exports into the run, so a
 * second writer stops in one line ({@link dev.reslab.lock.RunBusyException}) instead of mixing its
 * files into the first one's. The system drops the lock when its process dies, even by {@code kill
 * -9}, so a killed run can always be resumed or taken over.
 */
package dev.reslab.lock;
