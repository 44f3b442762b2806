-- Participants' complete pairs (temp table `pairs`, model int_pairs) in a fixed order, with the
-- person's subgroup in each dimension: `unit` (OPD) and `rank_band` from the temp table `rank_bands`
-- (model int_rank_bands), and `sex` and `age_band` (age in whole years at the programme's start)
-- read from the NIP, whose first 8 digits are the birth date and whose 15th is 1 (male) or 2
-- (female). A level that is not known is null.
with complete_pairs as (
    select
        row_number() over (order by program_id, instrument, nip) as pair_row,
        program_id,
        instrument,
        nip,
        pre,
        post
    from pairs
    where "group" = 'participant' and pre is not null and post is not null
),

unit_labels as (
    select
        lower(regexp_replace(trim(unit), '\s+', ' ', 'g')) as unit_key,
        min(regexp_replace(trim(unit), '\s+', ' ', 'g')) as unit
    from participants
    where nullif(trim(unit), '') is not null
    group by unit_key
),

people as (
    select r.nip, u.unit, r.band
    from rank_bands as r
    left join unit_labels as u on r.unit_key = u.unit_key
),

attributes as (
    select
        c.pair_row,
        c.program_id,
        c.instrument,
        c.pre,
        c.post,
        p.unit,
        p.band as rank_band,
        case substr(c.nip, 15, 1) when '1' then 'male' when '2' then 'female' end as sex,
        date_part('year', age(g.start_date, try_strptime(substr(c.nip, 1, 8), '%Y%m%d')::date))
            as age
    from complete_pairs as c
    inner join programs as g on c.program_id = g.program_id
    left join people as p on c.nip = p.nip
),

banded as (
    select
        pair_row,
        program_id,
        instrument,
        pre,
        post,
        unit,
        rank_band,
        sex,
        case
            when age < 30 then '<30'
            when age < 40 then '30-39'
            when age < 50 then '40-49'
            when age >= 50 then '50+'
        end as age_band
    from attributes
)

select program_id, instrument, pre, post, unit, rank_band, sex, age_band
from banded
order by pair_row
