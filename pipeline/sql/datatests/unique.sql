-- The rows whose key ({keys}) is not unique: one row per repeated key.
select {keys}
from {table}
group by {keys}
having count(*) > 1
