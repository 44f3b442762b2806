-- Rank bands: one row per person in `participants` with the unit (OPD) and rank band that
-- comparison groups are drawn by.
-- * Unit and rank each come from the person's register row (program_id null) when it gives one,
--   else from their enrolment rows; among several rows the first by (source, sheet, source_row)
--   wins, so the choice is stable. Empty text counts as not given.
-- * unit_key is the unit lower-cased with runs of white space collapsed: 'Dinas  Kesehatan' and
--   'DINAS KESEHATAN' are one OPD.
-- * band is the roman numeral of the PNS golongan, which must carry its letter: 'III/a', 'III a',
--   'III-a', 'IIIa' and 'Penata Muda (III/a)' are band 'III'. A rank that does not parse ('IX' of a
--   PPPK golongan, 'Golongan III', free text) gives an unknown (null) band.
with participant_rows as (
    select
        nip,
        nullif(lower(regexp_replace(trim(unit), '\s+', ' ', 'g')), '') as unit_key,
        nullif(trim(rank), '') as rank,
        (program_id is not null, source, sheet, source_row) as preference
    from participants
),

person_ranks as (
    select
        nip,
        arg_min(unit_key, preference) filter (where unit_key is not null) as unit_key,
        arg_min(rank, preference) filter (where rank is not null) as rank
    from participant_rows
    group by nip
),

rank_bands as (
    select
        nip,
        unit_key,
        nullif(regexp_extract(upper(rank), '\b(IV|III|II|I)\s*[/.-]?\s*[A-E]\b', 1), '') as band
    from person_ranks
)

select * from rank_bands
