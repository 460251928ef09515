-- The rows whose value lies outside [low, high] (parameters 1 and 2).
select {keys}
from {table}
where {column} < ? or {column} > ?
