-- Rows of a reference list that cannot be used: no code, no Chinese name, a code twice.
with list as (
    select *, row_number() over () + 1 as line from query_table($list)
),

problems as (
    select line, 'code' as column_name, 'the code is empty' as reason
    from list where ref_key(code) is null
    union all
    select line, 'name_zh', 'the Chinese name is empty'
    from list where ref_key(name_zh) is null
    union all
    select line, 'code', 'the code is listed twice'
    from list
    qualify ref_key(code) is not null
        and row_number() over (partition by ref_key(code) order by line) > 1
),

final as (
    select * from problems order by line, column_name
)

select * from final
