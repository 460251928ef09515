-- The distinct values of one dimension column (of the rows that passed validation), with
-- how many rows hold each and where the first one is.
with source as (
    select _file, _line, columns(lambda c: c = $column) as value
    from query_table($table)
),

final as (
    select
        ref_key(value) as key,
        arg_min(trim(value), (_file, _line)) as value,
        count(*) as rows,
        arg_min(_file, (_file, _line)) as first_file,
        arg_min(_line, (_file, _line)) as first_line
    from source
    where ref_key(value) is not null
    group by ref_key(value)
)

select * from final order by key
