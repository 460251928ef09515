-- One delimited text file (UTF-8) as text columns c0, c1, … in file order, read by one
-- thread (the order is the file's). One column more than the header, padded with NULL
-- and with empty fields read as '', so that the fields of every record can be counted
-- (DuckDB would otherwise take a trailing empty field silently). Records DuckDB cannot
-- read at all go to ingest_rejects with their record number.
-- Each record's number of fields and the newlines inside its quoted fields (its place in
-- the file is its rowid: one thread, file order).
create or replace temp table ingest_counted as
select
    *,
    list_count(list_value(*columns(*))) as _fields,
    case when $count_newlines then
        length(concat_ws('', *columns(*)))
        - length(replace(concat_ws('', *columns(*)), chr(10), ''))
    else 0 end as _nl
from read_csv(
    $path,
    auto_detect = false,
    header = true,
    columns = $columns,
    delim = $delimiter,
    quote = '"',
    escape = '"',
    encoding = 'utf-8',
    null_padding = true,
    parallel = false,
    nullstr = $never,
    max_line_size = $max_line,
    ignore_errors = true,
    store_rejects = true,
    rejects_table = 'ingest_rejects',
    rejects_scan = 'ingest_scans'
);

