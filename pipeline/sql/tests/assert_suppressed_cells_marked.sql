-- Every suppressed cell is marked, and every mark is a suppressed cell: a cell named in
-- `suppressed_cells` is empty; a row has `suppressed` true exactly when it names cells;
-- an empty count in a protected table is always a suppressed one (missing counts do not
-- exist: zero is published as 0).
with cells as (
    select *, coalesce(list_contains(string_split(suppressed_cells, ';'), column_name), false)
        as marked
    from published_cells
    where protected
),

named_but_shown as (
    select table_name, row_key, column_name
    from cells
    where marked and value is not null
),

blank_count_unmarked as (
    select table_name, row_key, column_name
    from cells
    where column_type = 'integer' and value is null and not marked
),

flag_disagrees as (
    select distinct table_name, row_key, 'suppressed' as column_name
    from cells
    where coalesce(suppressed, false) != (suppressed_cells is not null)
),

final as (
    select * from named_but_shown
    union all select * from blank_count_unmarked
    union all select * from flag_disagrees
)

select * from final order by table_name, row_key, column_name
