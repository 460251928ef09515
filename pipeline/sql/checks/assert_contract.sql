-- Every cell of one raw table (named by the parameter) that breaks its column's contract.
-- A failure in a required column quarantines the row; elsewhere the value is ignored.
-- Only the columns with a rule ($checked: required, or of a kind that is read) are
-- looked at. Dates must lie from $earliest to before $latest (the day after the as-of
-- date, or today when later, plus one day); columns in $future_ok (deadlines) may lie later.
with cells as (
    unpivot (
        select _file, _line, columns(lambda c: list_contains($checked, c))
        from query_table($raw)
    )
    on columns(* exclude (_file, _line))
    into name column_name value value
),

rules as (
    select * from contract_columns where table_name = $table
),

read as (
    select
        cells.*,
        rules.table_name,
        rules.required,
        rules.kind,
        rules.accepted,
        trim(cells.value) = '' as empty,
        case when rules.kind in ('timestamp', 'date') and trim(cells.value) <> ''
            then parse_ts(cells.value) end as ts,
        list_contains($future_ok, rules.table_name || '.' || rules.column_name) as future_ok
    from cells
    inner join rules on cells.column_name = rules.column_name
),

judged as (
    select
        table_name,
        _file as file,
        _line as line,
        column_name,
        required,
        case
            when empty then
                case when required then 'required value is missing' end
            when kind in ('timestamp', 'date') and ts is null
                then 'not a date in a known form'
            when kind in ('timestamp', 'date') and ts < cast($earliest as timestamp)
                then 'date before ' || $earliest
            when kind in ('timestamp', 'date') and ts >= cast($latest as timestamp)
                and not future_ok
                then 'date after the as-of date'
            when kind = 'bool' and not is_bool(value)
                then 'not a yes/no value (1/0, true/false, yes/no, 是/否)'
            when kind = 'number' and parse_number(value) is null
                then 'not a number'
            when kind = 'rating' and parse_rating(value) is null
                then 'not a rating (1–5 or 满意/基本满意/不满意)'
            when kind = 'code' and len(accepted) > 0
                and not list_contains(accepted, parse_code(value))
                then 'not one of: ' || array_to_string(accepted, ', ')
        end as reason
    from read
),

final as (
    select * exclude (required), required from judged where reason is not null
)

select * from final
