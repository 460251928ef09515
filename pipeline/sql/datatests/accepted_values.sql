-- The rows whose value is not one of the accepted ones (parameter 1: the list).
select {keys}
from {table}
where {column} is not null
    and cast({column} as varchar) not in (select unnest(cast(? as varchar[])))
