"""The figures the estimate relies on, loaded from the versioned CSV files in api/domain/data."""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
FILES = (
    "compulsory_limits.csv",
    "regional_standards.csv",
    "trade_wages.csv",
    "occupation_trades.csv",
    "liability_ratios.csv",
    "practice_defaults.csv",
)
NATIONAL = "全国"
REGIONAL_FIGURES = {
    "per_capita_income": "城镇居民人均可支配收入",
    "per_capita_consumption": "城镇居民人均消费支出",
    "average_annual_wage": "职工年平均工资",
}
# The 19 sections (门类) of GB/T 4754-2017 for which statistics bureaus publish average wages.
TRADES = (
    "农、林、牧、渔业",
    "采矿业",
    "制造业",
    "电力、热力、燃气及水生产和供应业",
    "建筑业",
    "批发和零售业",
    "交通运输、仓储和邮政业",
    "住宿和餐饮业",
    "信息传输、软件和信息技术服务业",
    "金融业",
    "房地产业",
    "租赁和商务服务业",
    "科学研究和技术服务业",
    "水利、环境和公共设施管理业",
    "居民服务、修理和其他服务业",
    "教育",
    "卫生和社会工作",
    "文化、体育和娱乐业",
    "公共管理、社会保障和社会组织",
)


class StandardNotFound(LookupError):
    """No standard covers the request; carries a stable code and a Chinese message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CompulsoryLimits:
    """交强险 sub-limits for accidents from valid_from up to (not including) valid_until, Asia/Shanghai dates."""

    valid_from: date
    valid_until: date | None
    vehicle_at_fault: bool
    death_disability: Decimal
    medical: Decimal
    property: Decimal
    source: str

    @property
    def total(self) -> Decimal:
        """The overall limit, the sum of the sub-limits."""
        return self.death_disability + self.medical + self.property

    def covers(self, accident_date: date) -> bool:
        """Whether an accident on this date falls under these limits."""
        return self.valid_from <= accident_date and (self.valid_until is None or accident_date < self.valid_until)


@dataclass(frozen=True)
class RegionalFigure:
    """One published figure of one region for one statistical year, with where it was read."""

    region: str
    statistical_year: int
    figure: str
    amount: Decimal
    source: str
    verified: bool


@dataclass(frozen=True)
class TradeWage:
    """The average annual wage of one trade in one region and statistical year."""

    region: str
    statistical_year: int
    trade: str
    annual_wage: Decimal
    source: str
    verified: bool


@dataclass(frozen=True)
class LiabilityRatio:
    """The default share of a liability category when no ratio was fixed."""

    liability: str
    ratio: Decimal
    source: str


@dataclass(frozen=True)
class PracticeRate:
    """A per-day amount courts commonly use where the law names no figure."""

    item: str
    per_day: Decimal
    range_low: Decimal
    range_high: Decimal
    source: str


@dataclass(frozen=True)
class Standards:
    """All tables, loaded once; the estimate reads them and never touches files."""

    compulsory_limits: tuple[CompulsoryLimits, ...]
    regional: tuple[RegionalFigure, ...]
    trade_wages: tuple[TradeWage, ...]
    occupation_trades: tuple[tuple[str, str], ...]
    liability_ratios: dict[str, LiabilityRatio]
    practice_rates: dict[str, PracticeRate]

    def limits_for(self, accident_date: date | None, vehicle_at_fault: bool) -> CompulsoryLimits:
        """The 交强险 limits for the accident date, or the current ones when the date is unknown."""
        candidates = [limits for limits in self.compulsory_limits if limits.vehicle_at_fault == vehicle_at_fault]
        if accident_date is None:
            chosen = [limits for limits in candidates if limits.valid_until is None]
        else:
            chosen = [limits for limits in candidates if limits.covers(accident_date)]
        if not chosen:
            earliest = min(limits.valid_from for limits in candidates)
            raise StandardNotFound(
                "accident_date_not_covered",
                f"暂时只能估算{earliest.year}年{earliest.month}月{earliest.day}日以后发生的事故。",
            )
        return chosen[0]

    def regions(self) -> list[str]:
        """The regions that have at least one row, in file order."""
        return list(dict.fromkeys(row.region for row in self.regional))

    def years(self, region: str) -> list[int]:
        """The statistical years with at least one figure for the region, latest first."""
        region = normalize_region(region)
        return sorted({row.statistical_year for row in self.regional if row.region == region}, reverse=True)

    def regional_figures(self, region: str, statistical_year: int) -> dict[str, RegionalFigure]:
        """The region's figures of that one year, by figure name."""
        region = normalize_region(region)
        return {
            row.figure: row
            for row in self.regional
            if row.region == region and row.statistical_year == statistical_year
        }

    def trade_wage(self, region: str, statistical_year: int, trade: str) -> TradeWage | None:
        """The trade's average wage in the region and year, if a source gives it."""
        region = normalize_region(region)
        return next(
            (
                row
                for row in self.trade_wages
                if (row.region, row.statistical_year, row.trade) == (region, statistical_year, trade)
            ),
            None,
        )

    def trade_for(self, occupation: str) -> str | None:
        """The trade of an occupation the claimant names in words."""
        return trade_for_occupation(occupation, self.occupation_trades)


def trade_for_occupation(occupation: str, rules: tuple[tuple[str, str], ...]) -> str | None:
    """The trade of the longest keyword found in the words ("送外卖" → 交通运输、仓储和邮政业), or None."""
    text = occupation.strip().casefold()
    found = [(keyword, trade) for keyword, trade in rules if keyword.casefold() in text]
    return max(found, key=lambda rule: len(rule[0]), default=(None, None))[1]


@lru_cache(maxsize=1)
def _province_of_place() -> dict[str, str]:
    # Made once from jionlp's administrative divisions: every province and prefecture-level city name and alias.
    return {row["place"]: row["province"] for row in _rows(DATA_DIR / "city_provinces.csv")}


def is_region(name: str) -> bool:
    """Whether a normalized region name is 全国 or a province-level region."""
    return name == NATIONAL or name in _province_of_place().values()


def normalize_region(region: str) -> str:
    """Match "江苏省", "南京市" and "南京" to the table's "江苏", and "北京市" to "北京"."""
    name = region.strip()
    return _province_of_place().get(name) or name.removesuffix("省").removesuffix("市")


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _one_of(text: str, allowed) -> str:
    if text not in allowed:
        raise ValueError(f"unknown value {text!r}")
    return text


def _flag(text: str) -> bool:
    if text.strip().lower() not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return text.strip().lower() == "true"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _refuse_duplicates(keys: list[tuple]) -> None:
    """Two values for the same region, year and figure (or trade) would make the choice arbitrary."""
    seen: set[tuple] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"two values for {key}")
        seen.add(key)


def _read(data_dir: Path) -> Standards:
    regional = tuple(
        RegionalFigure(
            region=normalize_region(row["region"]),
            statistical_year=int(row["statistical_year"]),
            figure=_one_of(row["figure"], REGIONAL_FIGURES),
            amount=Decimal(row["amount"]),
            source=row["source"],
            verified=_flag(row["verified"]),
        )
        for row in _rows(data_dir / "regional_standards.csv")
    )
    trade_wages = tuple(
        TradeWage(
            region=normalize_region(row["region"]),
            statistical_year=int(row["statistical_year"]),
            trade=_one_of(row["trade"], TRADES),
            annual_wage=Decimal(row["annual_wage"]),
            source=row["source"],
            verified=_flag(row["verified"]),
        )
        for row in _rows(data_dir / "trade_wages.csv")
    )
    _refuse_duplicates([(row.region, row.statistical_year, row.figure) for row in regional])
    _refuse_duplicates([(row.region, row.statistical_year, row.trade) for row in trade_wages])
    return Standards(
        compulsory_limits=tuple(
            CompulsoryLimits(
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_until=_date(row["valid_until"]),
                vehicle_at_fault=_flag(row["vehicle_at_fault"]),
                death_disability=Decimal(row["death_disability"]),
                medical=Decimal(row["medical"]),
                property=Decimal(row["property"]),
                source=row["source"],
            )
            for row in _rows(data_dir / "compulsory_limits.csv")
        ),
        regional=regional,
        trade_wages=trade_wages,
        occupation_trades=tuple(
            (row["keyword"], _one_of(row["trade"], TRADES)) for row in _rows(data_dir / "occupation_trades.csv")
        ),
        liability_ratios={
            row["liability"]: LiabilityRatio(row["liability"], Decimal(row["ratio"]), row["source"])
            for row in _rows(data_dir / "liability_ratios.csv")
        },
        practice_rates={
            row["item"]: PracticeRate(
                row["item"],
                Decimal(row["per_day"]),
                Decimal(row["range_low"]),
                Decimal(row["range_high"]),
                row["source"],
            )
            for row in _rows(data_dir / "practice_defaults.csv")
        },
    )


@lru_cache(maxsize=8)
def _read_cached(data_dir: Path, _versions: tuple[int, ...]) -> Standards:
    return _read(data_dir)


def load_standards(data_dir: Path = DATA_DIR) -> Standards:
    """Load the tables, re-reading them only after a file changed, so an added row needs no restart."""
    versions = tuple((data_dir / name).stat().st_mtime_ns for name in FILES)
    return _read_cached(data_dir, versions)
