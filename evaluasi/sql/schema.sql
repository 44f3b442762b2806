-- The warehouse. Keys of the large tables (scores: nip, program_id, instrument, phase;
-- performance: nip, instrument, period_end) are kept unique by the duplicate rule of validation
-- and checked by the Great Expectations contract, not by a primary-key index, which would cost
-- seconds per million rows on every load. Three layers: `landed_*` holds every source's rows as text exactly as read
-- (replaced per source when that source changes); the canonical tables hold the rows that passed
-- validation (rebuilt from the landed rows by every load); the rest is per-run history.

create table if not exists landed_sources (
    source varchar primary key,
    "table" varchar not null,
    fingerprint varchar not null,
    rows_read bigint not null,
    landed_run_id varchar not null
);

create table if not exists landed_programs (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    program_id varchar, name varchar, type varchar, start_date varchar, end_date varchar,
    jp varchar, cost_idr varchar, organizer varchar
);

create table if not exists landed_instruments (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    instrument varchar, kind varchar, scale_min varchar, scale_max varchar,
    label varchar, level varchar, categories varchar
);

create table if not exists landed_participants (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    nip varchar, name varchar, unit varchar, rank varchar, position varchar, program_id varchar
);

create table if not exists landed_scores (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    nip varchar, program_id varchar, instrument varchar, phase varchar, score varchar,
    assessed_on varchar, "group" varchar
);

create table if not exists landed_performance (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    nip varchar, instrument varchar, period_end varchar, value varchar
);

-- Rows the readers could not split into columns; quarantined as malformed_row.
create table if not exists landed_malformed (
    source varchar not null, sheet varchar not null, source_row bigint not null,
    "table" varchar not null, text varchar not null, problem varchar not null
);

create table if not exists programs (
    program_id varchar primary key,
    name varchar not null,
    type varchar not null,
    start_date date not null,
    end_date date not null,
    jp double not null,
    cost_idr double,
    organizer varchar,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null
);

create table if not exists instruments (
    instrument varchar primary key,
    label varchar not null,
    kind varchar not null,
    scale_min double,
    scale_max double,
    level double,
    categories varchar,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null
);

-- program_id is null for the register of staff (comparison groups are drawn from it) and set
-- for an enrolment in a programme.
create table if not exists participants (
    nip varchar not null,
    program_id varchar,
    name varchar,
    unit varchar,
    rank varchar,
    position varchar,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null
);

create table if not exists scores (
    nip varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    phase varchar not null,
    score double not null,
    assessed_on date,
    "group" varchar not null,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null
);

-- Periodic records (SKP predikat, performance scores); ordinal labels stored as their 1-based
-- position in the instrument's categories, like scores.
create table if not exists performance (
    nip varchar not null,
    instrument varchar not null,
    period_end date not null,
    value double not null,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null
);

-- Scores derived from `performance` by pairing records around each programme (participants and
-- comparison colleagues); rebuilt by every load. A score given directly in `scores` for the same
-- person, programme, instrument and phase wins over a derived one.
create table if not exists performance_scores (
    nip varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    phase varchar not null,
    score double not null,
    assessed_on date not null,
    "group" varchar not null
);

-- Every score the statistics read: given directly, or derived from performance records.
create or replace view all_scores as
select nip, program_id, instrument, phase, score, assessed_on, "group" from scores
union all
select nip, program_id, instrument, phase, score, assessed_on, "group" from performance_scores;

create table if not exists runs (
    run_id varchar primary key,
    flow varchar not null,
    parameters json not null,
    period varchar not null,
    lang varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    n_programs integer,
    n_results integer,
    report_dir varchar,
    versions json,
    error varchar,
    rows_read bigint,
    rows_quarantined bigint,
    input_fingerprints json
);

-- The ledger: one row per source per run. rows_read = rows_loaded + rows_quarantined always;
-- `status` says whether the source was read this run (`loaded`) or kept (`unchanged`).
create table if not exists source_files (
    run_id varchar not null,
    source varchar not null,
    "table" varchar not null,
    fingerprint varchar not null,
    status varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    primary key (run_id, source)
);

-- The Great Expectations contract checks of each run (see evaluasi/validation/contract.py).
create table if not exists expectation_results (
    run_id varchar not null,
    "table" varchar not null,
    expectation varchar not null,
    "column" varchar not null,
    success boolean not null,
    element_count bigint not null,
    unexpected_count bigint not null,
    sampled boolean not null
);

-- Every rejected row of the latest load, one row per broken rule, with the raw values (JSON).
-- `related_*` names the row a rejection points at, when there is one: the rejected programs or
-- instruments row a knock-on rejection follows from (program_rejected, instrument_rejected),
-- the copy kept of a reference row given twice (duplicate_row), the other score of a pair out
-- of order (post_before_pre).
create table if not exists quarantine (
    run_id varchar not null,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null,
    "table" varchar not null,
    "column" varchar not null,
    reason varchar not null,
    detail varchar not null,
    raw varchar not null,
    related_source varchar,
    related_sheet varchar,
    related_row bigint
);


-- One row per run x programme x instrument: every column of results.csv except the programme and
-- instrument attributes, which the canonical tables hold.
create table if not exists program_results (
    run_id varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    n_participants bigint,
    n_pre bigint,
    n_post bigint,
    n_paired bigint,
    pre_mean double,
    pre_sd double,
    post_mean double,
    post_sd double,
    mean_diff double,
    sd_diff double,
    se_diff double,
    ci_low double,
    ci_high double,
    t_stat double,
    df double,
    p_value double,
    cohen_dz double,
    dz_ci_low double,
    dz_ci_high double,
    d_av double,
    wilcoxon_v double,
    wilcoxon_p double,
    rank_biserial double,
    shapiro_w double,
    shapiro_p double,
    pct_improved double,
    pct_unchanged double,
    pct_declined double,
    normalized_gain double,
    mde_dz double,
    p_holm double,
    q_bh double,
    n_comparison bigint,
    did_estimate double,
    did_ci_low double,
    did_ci_high double,
    did_p double,
    ancova_effect double,
    ancova_ci_low double,
    ancova_ci_high double,
    ancova_p double,
    slopes_p double,
    verdict varchar,
    verdict_basis varchar,
    verdict_estimate double,
    verdict_ci_low double,
    verdict_ci_high double,
    verdict_p double,
    verdict_q double,
    hedges_gz double,
    gz_ci_low double,
    gz_ci_high double,
    d_rm double,
    pre_post_r double,
    hl_estimate double,
    hl_ci_low double,
    hl_ci_high double,
    hl_conf_level double,
    prob_superiority double,
    mean_individual_gain double,
    normalized_change double,
    n_dropouts bigint,
    attrition_rate double,
    pre_mean_dropouts double,
    dropout_pre_smd double,
    adj_mean_participant double,
    adj_mean_comparison double,
    rtm_reference varchar,
    rtm_reference_mean double,
    rtm_reference_sd double,
    rtm_rho double,
    rtm_expected_change double,
    n_categories bigint,
    transition varchar,
    sign_test_p double,
    stuart_maxwell_stat double,
    stuart_maxwell_df bigint,
    stuart_maxwell_p double,
    bhapkar_stat double,
    bhapkar_p double,
    n_ff bigint,
    n_fp bigint,
    n_pf bigint,
    n_pp bigint,
    mcnemar_p double,
    mcnemar_midp double,
    mcnemar_chi2 double,
    mcnemar_chi2_p double,
    prop_diff double,
    prop_diff_ci_low double,
    prop_diff_ci_high double,
    pre_counts varchar,
    post_counts varchar,
    pre_median_category bigint,
    post_median_category bigint,
    pass_rate_pre double,
    pass_rate_post double,
    mean_diff_shrunk double,
    mean_diff_shrunk_ci_low double,
    mean_diff_shrunk_ci_high double,
    shrunk_rank bigint,
    notes varchar,
    primary key (run_id, program_id, instrument)
);

-- Random-effects pools of each run (pooled.csv): scope 'instrument' (program_type null) or
-- 'program_type'.
create table if not exists pooled_results (
    run_id varchar not null,
    scope varchar not null,
    instrument varchar not null,
    program_type varchar,
    k bigint,
    pooled_estimate double,
    pooled_se double,
    pooled_ci_low double,
    pooled_ci_high double,
    pooled_p double,
    tau2 double,
    q double,
    q_df double,
    q_p double,
    i2 double,
    pi_low double,
    pi_high double,
    pooled_notes varchar
);

-- Subgroup estimates of each run (subgroups.csv); levels under 5 people carry no statistic.
create table if not exists subgroup_results (
    run_id varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    dimension varchar not null,
    level varchar not null,
    n_paired bigint,
    mean_diff double,
    sd_diff double,
    ci_low double,
    ci_high double,
    p_value double,
    pre_mean double,
    post_mean double,
    suppressed boolean,
    primary key (run_id, program_id, instrument, dimension, level)
);

-- Tests of a difference between the subgroups of each run (subgroup_tests.csv).
create table if not exists subgroup_tests (
    run_id varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    dimension varchar not null,
    n_levels bigint,
    n_paired bigint,
    interaction_f double,
    interaction_df1 double,
    interaction_df2 double,
    interaction_p double,
    welch_f double,
    welch_df1 double,
    welch_df2 double,
    welch_p double,
    subgroup_notes varchar,
    primary key (run_id, program_id, instrument, dimension)
);
