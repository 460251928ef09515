-- Every cell of one raw table (named by the parameter) that breaks its column's contract.
-- A failure in a required column quarantines the row; elsewhere the value is ignored.
-- Dates must lie between $earliest and $latest (the as-of date plus one day; columns in
-- $future_ok, deadlines, may lie later).
with cells as (
    unpivot (from query_table($raw))
    on columns(* exclude (_file, _line))
    into name column_name value value
),

rules as (
    select * from contract_columns where table_name = $table
),

judged as (
    select
        rules.table_name,
        cells._file as file,
        cells._line as line,
        cells.column_name,
        rules.required,
        case
            when trim(cells.value) = '' then
                case when rules.required then 'required value is missing' end
            when rules.kind in ('timestamp', 'date') and parse_ts(cells.value) is null
                then 'not a date in a known form'
            when rules.kind in ('timestamp', 'date')
                and parse_ts(cells.value) < cast($earliest as timestamp)
                then 'date before ' || $earliest
            when rules.kind in ('timestamp', 'date')
                and parse_ts(cells.value) >= cast($latest as timestamp)
                and not list_contains($future_ok, rules.table_name || '.' || rules.column_name)
                then 'date after the as-of date'
            when rules.kind = 'bool' and not is_bool(cells.value)
                then 'not a yes/no value (1/0, true/false, yes/no, 是/否)'
            when rules.kind = 'number' and parse_number(cells.value) is null
                then 'not a number'
            when rules.kind = 'rating' and parse_rating(cells.value) is null
                then 'not a rating (1–5 or 满意/基本满意/不满意)'
            when rules.kind = 'code' and len(rules.accepted) > 0
                and not list_contains(rules.accepted, parse_code(cells.value))
                then 'not one of: ' || array_to_string(rules.accepted, ', ')
        end as reason
    from cells
    inner join rules on cells.column_name = rules.column_name
),

final as (
    select * from judged where reason is not null
)

select * from final
