-- Why a raw text value breaks its column's contract, or null when it does not.
-- validate.contract_failures applies one of these to every checked column of a raw
-- table in a single pass (dates parsed once, in the step before) and keeps the non-null
-- reasons: a failure in a required column quarantines the row; elsewhere the value is
-- ignored. Dates must lie from `earliest` to before `latest` (the day after the as-of
-- date, or today when later, plus one day); deadlines (`future_ok`) may lie later.
-- Raw values are trimmed at ingest (pipeline/mapping.py), so a missing value is ''.

create or replace macro missing_reason(v, required) as (
    case when v = '' and required then 'required value is missing' end
);

create or replace macro date_reason(v, ts, required, future_ok, earliest, latest) as (
    case
        when v = '' then missing_reason(v, required)
        when ts is null then 'not a date in a known form'
        when ts < cast(earliest as timestamp) then 'date before ' || earliest
        when ts >= cast(latest as timestamp) and not future_ok then 'date after the as-of date'
    end
);

create or replace macro bool_reason(v, required) as (
    case
        when v = '' then missing_reason(v, required)
        when not is_bool(v) then 'not a yes/no value (1/0, true/false, yes/no, 是/否)'
    end
);

create or replace macro number_reason(v, required) as (
    case
        when v = '' then missing_reason(v, required)
        when parse_number(v) is null and regexp_matches(v, '[0-9],[0-9]')
            then 'not a number (a decimal comma? write 3.20, or replace the comma in the sidecar''s [expressions])'
        when parse_number(v) is null then 'not a number'
    end
);

create or replace macro rating_reason(v, required) as (
    case
        when v = '' then missing_reason(v, required)
        when parse_rating(v) is null then 'not a rating (1–5 or 满意/基本满意/不满意)'
    end
);

create or replace macro code_reason(v, required, accepted) as (
    case
        when v = '' then missing_reason(v, required)
        when len(accepted) > 0 and not list_contains(accepted, parse_code(v))
            then 'not one of: ' || array_to_string(accepted, ', ')
    end
);

create or replace macro text_reason(v, required) as (missing_reason(v, required));
