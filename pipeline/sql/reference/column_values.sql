-- The distinct values of one dimension column (of the rows that passed validation), with
-- how many rows hold each and where the first one is. Rows are first counted per text as
-- written (few distinct texts), then the texts are keyed.
with source as (
    select _file, _line, columns(lambda c: c = $column) as value
    from query_table($table)
),

by_text as (
    select
        value,
        count(*) as rows,
        min({'file': _file, 'line': _line}) as first
    from source
    group by value
),

final as (
    select
        ref_key(value) as key,
        arg_min(trim(value), first) as value,
        sum(rows)::bigint as rows,
        min(first).file as first_file,
        min(first).line as first_line
    from by_text
    where ref_key(value) is not null
    group by ref_key(value)
)

select * from final order by key
