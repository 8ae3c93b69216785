/**
 * Errors in JSON that people edit (a run's config.json, a checkpoint's state.json, a model
 * configuration, an export's description) in their words: {@link dev.reslab.json.JsonFileError}
 * turns Jackson's exceptions into one line naming the file, the field, its line and column, what
 * was expected and what was found.
 */
package dev.reslab.json;
