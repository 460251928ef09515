-- One delimited text file (UTF-8) as text columns c0, c1, … in file order; records
-- DuckDB cannot read go to ingest_rejects with their record number.
create or replace temp table ingest_raw as
select * from read_csv(
    $path,
    auto_detect = false,
    header = true,
    columns = $columns,
    delim = $delimiter,
    quote = '"',
    escape = '"',
    encoding = 'utf-8',
    max_line_size = $max_line,
    ignore_errors = true,
    store_rejects = true,
    rejects_table = 'ingest_rejects',
    rejects_scan = 'ingest_scans'
);

-- Each record's place in the file and the newlines inside its quoted fields.
create or replace temp table ingest_counted as
select
    rowid as _i,
    *,
    case when $count_newlines then
        length(concat_ws('', *columns(*)))
        - length(replace(concat_ws('', *columns(*)), chr(10), ''))
    else 0 end as _nl
from ingest_raw;
