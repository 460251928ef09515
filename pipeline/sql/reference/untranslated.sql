-- Entries of a reference list without an English name: English pages show them in Chinese.
with list as (
    select *, row_number() over () + 1 as line from query_table($list)
),

final as (
    select line, name_zh from list where ref_key(name_en) is null order by line
)

select * from final
