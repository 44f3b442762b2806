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
    error varchar
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
create table if not exists quarantine (
    run_id varchar not null,
    source varchar not null,
    sheet varchar not null,
    source_row bigint not null,
    "table" varchar not null,
    "column" varchar not null,
    reason varchar not null,
    detail varchar not null,
    raw varchar not null
);

create table if not exists program_results (
    run_id varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    n_participants integer,
    n_pre integer,
    n_post integer,
    n_paired integer,
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
    n_comparison integer,
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
    notes varchar,
    primary key (run_id, program_id, instrument)
);
