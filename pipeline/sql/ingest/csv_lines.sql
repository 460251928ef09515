-- The first line of every record read: DuckDB numbers records (header = 1, rejected
-- records included); a record's first line adds the newlines inside the quoted fields
-- of the records before it. Rows of the `skip_rows` after the header are marked.
create or replace temp table ingest_lines as
with rejects as (
    select distinct line from ingest_rejects
),

numbered as (
    select line, row_number() over (order by line) - 1 as rejects_before from rejects
),

-- a rejected record sits before the good record with this index
positions as (
    select line - 2 - rejects_before as good_index, count(*) as n
    from numbered
    group by good_index
),

shifts as (
    select good_index, sum(n) over (order by good_index) as rejected_before
    from positions
),

records as (
    select
        rowid as _i,
        coalesce(sum(_nl) over (order by rowid rows between unbounded preceding and 1 preceding),
                 0) as newlines_before
    from ingest_counted
),

final as (
    select
        records._i,
        records.newlines_before,
        2 + records._i + coalesce(shifts.rejected_before, 0) as ordinal,
        cast(ordinal + records.newlines_before as integer) as _line,
        ordinal <= 1 + $skip as _skipped
    from records
    asof left join shifts on shifts.good_index <= records._i
)

select * from final;

-- Records with as many fields as the header; the others are the row's problem.
create or replace temp table ingest_source as
select counted.* exclude (_nl, _fields), lines._line
from ingest_counted as counted
inner join ingest_lines as lines on lines._i = counted.rowid
where not lines._skipped
    and counted._fields = $width
    and concat_ws('', *columns(counted.* exclude (_nl, _fields))) <> '';

create or replace temp table ingest_miscounted as
select lines._line as line, counted._fields as found, counted.rowid = (
    select max(rowid) from ingest_counted) as last
from ingest_counted as counted
inner join ingest_lines as lines on lines._i = counted.rowid
where not lines._skipped
    and counted._fields <> $width
    and concat_ws('', *columns(counted.* exclude (_nl, _fields))) <> '';
