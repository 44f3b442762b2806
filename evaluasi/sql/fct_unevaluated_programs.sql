-- Every programme id a landed source names (programs, scores, enrolments in participants) that
-- the latest load leaves with nothing to evaluate, and why (`reason`):
-- - `program_row_rejected`: programs rows give it but none loaded; `rule` lists the rules they
--   broke (conflicting_duplicate when copies disagree).
-- - `program_not_given`: scores or enrolments name it, no programs row does.
-- - `no_scores_loaded`: the programme loaded, but none of its scores did (all were rejected, or
--   none were given) and none were derived from performance records.
-- `program_source`, `program_sheet`, `program_row` name the first programs row giving the id
-- (the loaded one when there is one). Counts are of landed scores rows naming the id and of
-- those quarantined. Read after the ingest (performance pairing included). No NIP and no
-- person's name: ids, programme names and counts.
with given_programs as (
    select source, sheet, source_row, given(program_id) as program_id, given(name) as name
    from landed_programs
    where given(program_id) is not null
),

given_scores as (
    select source, sheet, source_row, given(program_id) as program_id
    from landed_scores
    where given(program_id) is not null
),

given_enrolments as (
    select distinct given(program_id) as program_id
    from landed_participants
    where given(program_id) is not null
),

loaded_programs as (
    select program_id, name, source, sheet, source_row from programs
),

loaded_scores as (
    select distinct program_id from all_scores
),

quarantined as (
    select distinct source, sheet, source_row, "table", reason from quarantine
),

program_ids as (
    select program_id from given_programs
    union
    select program_id from given_scores
    union
    select program_id from given_enrolments
),

first_program_rows as (
    select
        program_id,
        arg_min(name, (name is null, source, sheet, source_row)) as name,
        arg_min(source, (source, sheet, source_row)) as source,
        arg_min(sheet, (source, sheet, source_row)) as sheet,
        arg_min(source_row, (source, sheet, source_row)) as source_row
    from given_programs
    group by program_id
),

broken_rules as (
    select p.program_id, string_agg(distinct q.reason, ', ' order by q.reason) as rule
    from given_programs as p
    inner join quarantined as q using (source, sheet, source_row)
    where q."table" = 'programs'
    group by p.program_id
),

score_counts as (
    select
        s.program_id,
        count(*) as scores_landed,
        count(*) filter (where q.source is not null) as scores_quarantined
    from given_scores as s
    left join (
        select distinct source, sheet, source_row from quarantined where "table" = 'scores'
    ) as q using (source, sheet, source_row)
    group by s.program_id
),

judged as (
    select
        i.program_id,
        coalesce(l.name, f.name) as name,
        case
            when l.program_id is not null then 'no_scores_loaded'
            when f.program_id is not null then 'program_row_rejected'
            else 'program_not_given'
        end as reason,
        case when l.program_id is null then b.rule end as rule,
        coalesce(l.source, f.source) as program_source,
        coalesce(l.sheet, f.sheet) as program_sheet,
        coalesce(l.source_row, f.source_row) as program_row,
        coalesce(c.scores_landed, 0) as scores_landed,
        coalesce(c.scores_quarantined, 0) as scores_quarantined
    from program_ids as i
    left join loaded_programs as l using (program_id)
    left join first_program_rows as f using (program_id)
    left join broken_rules as b using (program_id)
    left join score_counts as c using (program_id)
    where i.program_id not in (select program_id from loaded_scores)
)

select *
from judged
order by
    list_position(['program_row_rejected', 'program_not_given', 'no_scores_loaded'], reason),
    program_id
