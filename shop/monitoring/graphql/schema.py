from .mutations import MonitoringMutations
from .queries import MonitoringQueries

__all__ = ["MonitoringMutations", "MonitoringQueries"]
