-- Parsing and NIP rules used by the stg_ models, defined once per connection. Each returns NULL
-- (or false) for a value it cannot read; the models turn that into a quarantine reason.

-- Text as given, or NULL when blank.
create or replace temp macro given(v) as nullif(trim(v), '');

-- A label as matched against spellings: lower-case, single spaces.
create or replace temp macro label_key(v) as lower(regexp_replace(trim(v), '\s+', ' ', 'g'));

-- A finite number written with a decimal point (72.5), a decimal comma (72,5), or Indonesian
-- thousands dots (150.000.000, 1.234,5). A single dot is a decimal point: 75.000 is 75.
create or replace temp macro parse_number(v) as
    case
        when regexp_full_match(v, '\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*')
            then try_cast(trim(v) as double)
        when regexp_full_match(v, '\s*[+-]?\d*,\d+\s*')
            then try_cast(replace(trim(v), ',', '.') as double)
        when regexp_full_match(v, '\s*[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?\s*')
            or regexp_full_match(v, '\s*[+-]?\d{1,3}(\.\d{3})+,\d+\s*')
            then try_cast(replace(replace(trim(v), '.', ''), ',', '.') as double)
    end;

-- A day-month-year (or year-month-day) date whose year is not written in four digits: 20/10/25,
-- 1-3-26, 25.10.20. Its century is a guess (Python says 2025, DuckDB 0025, Excel 1925 or 2025
-- depending on a setting), so such a date is refused rather than read.
create or replace temp macro year_not_four_digits(v) as
    regexp_full_match(v, '\s*\d{1,3}[/.-]\d{1,2}[/.-]\d{1,3}(\s+\S.*)?\s*');

-- A date written as YYYY-MM-DD (with or without a time), DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY,
-- or as an Excel serial day number (61 = 1900-03-01; 1899-12-30 is day 0 after Excel's
-- fictitious 29 February 1900). The year is always four digits (see year_not_four_digits).
create or replace temp macro parse_date(v) as
    case
        when regexp_full_match(v, '\s*\d{4}-\d{2}-\d{2}\s*') then try_cast(trim(v) as date)
        when regexp_full_match(v, '\s*\d{2,7}(\.0+)?\s*')
            then case
                when try_cast(trim(v) as double) between 61 and 2958465
                    then date '1899-12-30' + cast(try_cast(trim(v) as double) as integer)
            end
        when year_not_four_digits(v) then null
        else cast(try_strptime(trim(v), [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f',
            '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d'
        ]) as date)
    end;

-- The rule a given date breaks, or NULL (NULL too when nothing is given: whether a date is
-- required is the model's call). `parsed` is parse_date(raw); a date before `earliest` or after
-- `latest` is a typing error (0001-01-01, 9999-12-31, 2062 for 2026), never an evaluation date.
create or replace temp macro date_failure(raw, parsed, earliest, latest) as
    case
        when parsed between earliest and latest or given(raw) is null then null
        when parsed is not null then 'date_implausible'
        when year_not_four_digits(raw) then 'year_not_four_digits'
        else 'not_a_date'
    end;

-- Text as compared between two copies of a reference row: case, spaces and the spaces around
-- the `;` of a category list do not count.
create or replace temp macro text_key(v) as label_key(regexp_replace(v, '\s*;\s*', ';', 'g'));

-- What an 18-digit number looks like once a spreadsheet or a float stored it: its last digits
-- are gone for good (1.96502071990022E+17, 196502071990022000.0).
create or replace temp macro nip_stored_as_number(v) as
    coalesce(regexp_full_match(trim(v), '\d(?:[.,]\d+)?[eE]\+?\d+|\d+[.,]0+'), false);

-- A NIP without the spaces, dots and quotes that exports put inside it.
create or replace temp macro clean_nip(v) as
    nullif(regexp_replace(v, '[\s.''"`\x{00a0}\x{2019}]', '', 'g'), '');

-- The first structural rule a cleaned NIP breaks, or NULL when it is valid. NIP = birth date
-- YYYYMMDD, appointment (TMT) YYYYMM with month 01-12 (21 for PPPK), sex 1 or 2, serial 3 digits.
create or replace temp macro nip_problem(nip) as (
    case
        -- The common case first, in one pass: the full structure and a real birth date.
        when regexp_full_match(
                nip,
                '(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(19|20)\d{2}(0[1-9]|1[0-2]|21)[12]\d{3}'
            )
            and try_strptime(substr(nip, 1, 8), '%Y%m%d') is not null
            and substr(nip, 9, 4) >= substr(nip, 1, 4) then null
        when not regexp_full_match(nip, '\d{18}') then 'nip_not_18_digits'
        when try_strptime(substr(nip, 1, 8), '%Y%m%d') is null
            or substr(nip, 1, 2) not in ('19', '20') then 'nip_invalid_birth_date'
        when substr(nip, 9, 2) not in ('19', '20')
            or substr(nip, 13, 2) not in (
                '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '21'
            )
            or substr(nip, 9, 4) < substr(nip, 1, 4) then 'nip_invalid_appointment'
        when substr(nip, 15, 1) not in ('1', '2') then 'nip_invalid_sex_digit'
    end
);

-- The 1-based position of a label among an instrument's `;`-separated categories, or NULL.
create or replace temp macro category_position(v, categories) as
    list_position(
        list_transform(string_split(categories, ';'), c -> label_key(c)), label_key(v)
    );

-- The rule a raw NIP breaks, or NULL: missing, stored as a number, or a broken structure.
create or replace temp macro nip_failure(raw) as
    case
        when clean_nip(raw) is null then 'missing_value'
        when nip_stored_as_number(raw) then 'nip_stored_as_number'
        else nip_problem(clean_nip(raw))
    end;

-- A score or record value on its instrument: a number for numeric instruments, the 1-based
-- category position of a label for ordinal and binary ones.
create or replace temp macro instrument_value(v, kind, categories) as
    case when kind = 'numeric' then parse_number(v) else category_position(v, categories) end;

-- The rule such a value breaks, or NULL (nothing to judge when the instrument is unknown).
create or replace temp macro value_failure(v, value, known, kind, scale_min, scale_max) as
    case
        when given(v) is null then 'missing_value'
        when not known then null
        when value is null and kind = 'numeric' then 'not_a_number'
        when value is null then 'unknown_category'
        when kind = 'numeric' and (value < scale_min or value > scale_max)
            then 'score_outside_scale'
    end;

-- A row as a user finds it ("programs.csv row 4"): `plain` or, for a workbook sheet,
-- `with_sheet` are catalogue texts with the placeholders {source}, {sheet} and {row}.
create or replace temp macro row_reference(plain, with_sheet, source, sheet, source_row) as
    replace(replace(replace(
        case when coalesce(sheet, '') = '' then plain else with_sheet end,
        '{row}', cast(source_row as varchar)), '{sheet}', coalesce(sheet, '')), '{source}', source);
