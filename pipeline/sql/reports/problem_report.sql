-- Every problem in the rows for the operator and data/quarantine.csv: quarantined rows
-- and values left out, with the source header of the column; never a value.
with problems as (
    select table_name, file, line, column_name, reason, 'row quarantined' as effect
    from quarantine
    union all
    select table_name, file, line, column_name, reason, effect
    from ignored
),

final as (
    select
        problems.table_name,
        problems.file,
        problems.line,
        problems.column_name as "column",
        headers.header,
        problems.reason,
        problems.effect
    from problems
    left join source_headers as headers
        on headers.file = problems.file
        and headers.table_name = problems.table_name
        and headers.column_name = problems.column_name
)

select * from final
order by file, line, "column", reason
