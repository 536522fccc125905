"""Order-side writes, grouped by stage: checkout, payments, orders."""
