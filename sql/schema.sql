-- The warehouse: canonical inbox tables (replaced by each load), and per-run history.
create table if not exists programs (
    program_id varchar primary key,
    name varchar not null,
    type varchar not null,
    start_date date not null,
    end_date date not null,
    jp double not null,
    cost_idr double,
    organizer varchar,
    source_file varchar not null,
    source_row integer not null
);

create table if not exists instruments (
    instrument varchar primary key,
    label varchar not null,
    kind varchar not null,
    scale_min double,
    scale_max double,
    level double,
    categories varchar,
    source_file varchar not null,
    source_row integer not null
);

create table if not exists participants (
    nip varchar primary key,
    name varchar,
    unit varchar,
    rank varchar,
    position varchar,
    source_file varchar not null,
    source_row integer not null
);

create table if not exists scores (
    nip varchar not null,
    program_id varchar not null,
    instrument varchar not null,
    phase varchar not null,
    score double not null,
    assessed_on date,
    "group" varchar not null,
    source_file varchar not null,
    source_row integer not null,
    primary key (nip, program_id, instrument, phase)
);

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

create table if not exists source_files (
    run_id varchar not null,
    source_file varchar not null,
    "table" varchar not null,
    fingerprint varchar not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_quarantined integer not null
);

create table if not exists quarantine (
    run_id varchar not null,
    source_file varchar not null,
    source_row integer not null,
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
