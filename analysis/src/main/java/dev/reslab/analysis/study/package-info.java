/**
 * Studies that train many variants of a model the same way and compare them: block and stage
 * ablations ({@link dev.reslab.analysis.study.Ablation}), width and depth sweeps ({@link
 * dev.reslab.analysis.study.Sweep}), each repeated over seeds ({@link
 * dev.reslab.analysis.study.Study}), summarised with mean, standard deviation, 95 % t-intervals and
 * Welch's test against the base ({@link dev.reslab.analysis.study.StudyResults}); and
 * hyperparameter search with random or TPE sampling and median pruning, trials kept in a JDBC study
 * ({@link dev.reslab.analysis.study.Tuner}), reported as Optuna does: optimisation history,
 * PED-ANOVA parameter importances ({@link dev.reslab.analysis.study.PedAnova}), slices, parallel
 * coordinates and intermediate values ({@link dev.reslab.analysis.study.TuningCharts}), from {@code
 * tuning.json} ({@link dev.reslab.analysis.study.TuningFile}).
 *
 * <p>Every study lives in one directory with a manifest ({@code study.json}) and a run directory
 * per variant and seed, so a killed study resumes: finished runs are skipped, an interrupted one
 * continues after its last checkpoint.
 */
package dev.reslab.analysis.study;
