from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=77,
    table="acme-pay.risk.merchant_daily@1718841600000",
    features=["gmv", "refund_rate", "avg_ticket", "new_card_share"],
    model="copod",
)
