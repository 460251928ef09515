-- The rows where the column is empty (null).
select {keys}
from {table}
where {column} is null
