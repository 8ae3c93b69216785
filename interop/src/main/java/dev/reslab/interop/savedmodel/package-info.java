/**
 * SavedModels made in Python (TF1 and TF2/Keras): {@link
 * dev.reslab.interop.savedmodel.SavedModelInspector} reads {@code saved_model.pb} into a {@link
 * dev.reslab.interop.savedmodel.SavedModelInfo} (what {@code saved_model_cli show --all} prints);
 * {@link dev.reslab.interop.savedmodel.ImportedSavedModel} loads one and runs any signature on
 * float input, with {@link dev.reslab.interop.savedmodel.Preprocessing} for pixel scale and
 * normalisation.
 */
package dev.reslab.interop.savedmodel;
