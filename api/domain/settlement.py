"""The compensation estimate: items, 交强险 sub-limits, commercial share and who pays the rest (docs/domain-rules.md §1–3)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from api.domain.standards import (
    NATIONAL,
    REGIONAL_FIGURES,
    CompulsoryLimits,
    RegionalFigure,
    StandardNotFound,
    Standards,
    TradeWage,
    is_region,
    normalize_region,
)
from api.schemas.settlement import (
    CommercialPayment,
    CompulsoryPayment,
    Dependant,
    FigureUsed,
    OtherVictimsLosses,
    SettlementEstimate,
    SettlementItem,
    SettlementRequest,
    StandardsUsed,
    SubLimitPayment,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)
MEDICAL = "医疗费用"
DEATH_DISABILITY = "死亡伤残"
FULL_YEARS = 20
AGE_RULE_FROM = 60
MINIMUM_YEARS_FROM_AGE = 75
MINIMUM_YEARS = 5
ADULT_AGE = 18
GRADE_STEP = Decimal("0.10")
EXTRA_GRADE_STEP = Decimal("0.01")
EXTRA_GRADES_CAP = Decimal("0.10")
URBAN_ONLY_FROM = date(2022, 5, 1)
DAYS_A_YEAR = 365
FUNERAL_MONTHS = 6
MONTHLY_WAGE = "average_monthly_wage"
OVERRIDABLE = {**REGIONAL_FIGURES, MONTHLY_WAGE: "职工月平均工资"}
UNVERIFIED = "该数据尚未核实，请以当地法院采用的标准为准。"


GIVEN_AMOUNTS = {  # request field: code, name, 交强险 sub-limit, basis
    "medical_costs": (
        "medical_costs",
        "医疗费（医药费、诊疗费、住院费）",
        MEDICAL,
        "按票据和病历的实际发生额计算（人身损害赔偿解释第6条）。",
    ),
    "follow_up_treatment_costs": (
        "follow_up_treatment",
        "后续治疗费",
        MEDICAL,
        "必要的后续治疗费，需有医疗证明或鉴定意见（人身损害赔偿解释第6条）。",
    ),
    "transport_costs": (
        "transport",
        "交通费",
        DEATH_DISABILITY,
        "按与就医时间、地点相符的票据计算（人身损害赔偿解释第9条）。",
    ),
    "lodging_costs": (
        "lodging",
        "住宿费",
        DEATH_DISABILITY,
        "确有必要到外地治疗时的合理住宿费（人身损害赔偿解释第10条）。",
    ),
    "device_costs": (
        "device",
        "残疾辅助器具费",
        DEATH_DISABILITY,
        "按普通适用器具的合理费用计算，更换周期以配制机构的意见为准（人身损害赔偿解释第13条）。",
    ),
    "mental_distress": (
        "mental_distress",
        "精神损害抚慰金",
        DEATH_DISABILITY,
        "法律没有固定数额，由法院根据伤情和过错酌定（民法典第1183条）；可以请求交强险在死亡伤残限额内优先赔付"
        "（道交解释第13条）；商业三者险不赔（另购附加险的除外），交强险赔不完的部分由责任方按比例承担。",
    ),
    "appraisal_costs": (
        "appraisal",
        "鉴定费",
        None,
        "不在交强险赔偿项目内（交强险条款第8条）；实务中多作为查明损失的必要费用，由保险公司或责任方按责任比例承担"
        "（保险法第64条），各地做法不同。",
    ),
}
PER_DAY_ITEMS = {  # practice-rate key: name, rule
    "meal_allowance": ("住院伙食补助费", "住院天数，人身损害赔偿解释第10条"),
    "nutrition": ("营养费", "天数以医嘱为准，人身损害赔偿解释第11条"),
}


def money(value: Decimal) -> Decimal:
    """Round to the cent, half up, as courts and insurers do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    """Show an amount the way a person writes it: 63,211, 94,816.50, or a rate's own decimals (7,916.666667)."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    exponent = value.normalize().as_tuple().exponent
    return f"{value:,.2f}" if exponent >= -2 else f"{value.normalize():,f}"


def percent(ratio: Decimal) -> str:
    """Show a ratio as a percentage: 0.5 -> 50%."""
    return f"{(ratio * 100).normalize():f}%"


def compensation_years(age: int) -> int:
    """20 years; one year less per year of age over 60; 5 years from 75 (人身损害赔偿解释第12、15条)."""
    if age >= MINIMUM_YEARS_FROM_AGE:
        return MINIMUM_YEARS
    return FULL_YEARS - max(0, age - AGE_RULE_FROM)


def disability_coefficient(grade: int, extra_grades: list[int]) -> Decimal:
    """The most severe grade gives 100% (1) … 10% (10); each other grade adds (11 − grade)%, 10% at most, 100% cap."""
    main, *others = sorted([grade, *extra_grades])
    extra = min(EXTRA_GRADES_CAP, sum(((11 - other) * EXTRA_GRADE_STEP for other in others), ZERO))
    return min(Decimal(1), (11 - main) * GRADE_STEP + extra)


def dependant_years(dependant: Dependant) -> int | None:
    """Minors to 18, incapacitated adults by the age rule; other adults are not dependants."""
    if dependant.age < ADULT_AGE:
        return ADULT_AGE - dependant.age
    if dependant.incapacitated:
        return compensation_years(dependant.age)
    return None


def dependants_living_costs(dependants: list[Dependant], consumption: Decimal, coefficient: Decimal) -> Decimal:
    """Year by year, each dependant's consumption × coefficient ÷ supporters, capped at one year's consumption."""
    shares = [
        (years, consumption * coefficient / dependant.supporters)
        for dependant in dependants
        if (years := dependant_years(dependant))
    ]
    longest = max((years for years, _ in shares), default=0)
    return sum(
        (min(consumption, sum((share for years, share in shares if years > year), ZERO)) for year in range(longest)),
        ZERO,
    )


class _Estimate:
    """Works out one estimate; collects the warnings and the figures used on the way."""

    def __init__(self, request: SettlementRequest, standards: Standards) -> None:
        self.request = request
        self.standards = standards
        self.warnings: list[str] = []
        self.region = normalize_region(request.region) if request.region else NATIONAL
        if request.region is None:
            self.warnings.append("没有提供地区，按全国标准估算；各省标准不同，请以当地标准为准。")
        self.overrides = {name: getattr(request, name) for name in OVERRIDABLE if getattr(request, name) is not None}
        # Why there is no year: refused only once a figure the user did not give is needed.
        self.no_standards: StandardNotFound | None = None
        self.year, self.year_basis = self._statistical_year()
        self.rows = self.standards.regional_figures(self.region, self.year) if self.year else {}
        self.used: dict[str, FigureUsed] = {}

    def _statistical_year(self) -> tuple[int | None, str]:
        """One statistical year for every figure: the one asked for, the hearing's previous year, or the latest."""
        request, region = self.request, self.region
        published = self.standards.years(region)
        if request.statistical_year is not None:
            years = [year for year in published if year == request.statistical_year]
            wanted = f"{request.statistical_year}年"
        elif request.hearing_year is not None:
            years = [year for year in published if year < request.hearing_year]
            wanted = f"{request.hearing_year - 1}年及以前"
        else:
            years, wanted = published, ""
        if years:
            return years[0], self._year_basis(years[0])
        self.no_standards = StandardNotFound(
            "region_not_found",
            f"暂时没有{region}{wanted}的统计标准。可以选择这些地区：{'、'.join(self.standards.regions())}，"
            "或者直接填写城镇居民人均可支配收入等数据。",
        )
        if not is_region(region):
            raise self.no_standards
        if self.overrides:
            self.warnings.append(f"暂时没有{region}{wanted}的统计标准，按您提供的数据估算。")
            return None, "按您提供的数据估算"
        return None, f"暂时没有{region}{wanted}的统计标准"

    def _year_basis(self, year: int) -> str:
        request, region = self.request, self.region
        if request.statistical_year is not None:
            return f"按您选择的{region}{year}年统计数据"
        if request.hearing_year is None:
            return f"没有提供一审审理年份，按{region}最新公布的{year}年统计数据"
        if year == request.hearing_year - 1:
            return f"一审在{request.hearing_year}年审结的，按上一年度{region}{year}年的统计数据"
        return (
            f"一审在{request.hearing_year}年审结的，一般用{request.hearing_year - 1}年的统计数据；"
            f"{region}{request.hearing_year - 1}年的数据还没有收录，按此前最近的{year}年统计数据"
        )

    def _figure(self, name: str) -> tuple[Decimal | None, str]:
        """A regional figure and how to name it in a basis: its region and year, or that the user gave it."""
        title = OVERRIDABLE[name]
        if name in self.overrides:
            self.used[name] = FigureUsed(
                figure=name,
                title=title,
                amount=self.overrides[name],
                region=None,
                statistical_year=None,
                source="您提供的数据",
                verified=False,
                overridden=True,
            )
            return self.overrides[name], f"您提供的{title}"
        self._refuse_without_any_figures()
        row = self.rows.get(name)
        if row is None:
            return None, title
        self._use(name, title, row.amount, row)
        return row.amount, f"{row.region}{row.statistical_year}年{title}"

    def _refuse_without_any_figures(self) -> None:
        """A figure is needed: refuse when the table has no year for it and the user gave no figures at all."""
        if self.no_standards and not self.overrides:
            raise self.no_standards

    def _use(self, name: str, title: str, amount: Decimal, row: RegionalFigure | TradeWage) -> None:
        self.used[name] = FigureUsed(
            figure=name,
            title=title,
            amount=amount,
            region=row.region,
            statistical_year=row.statistical_year,
            source=row.source,
            verified=row.verified,
            overridden=False,
        )

    def _missing(self, title: str) -> str:
        """Where a figure is missing: the region and year, so that no other year is silently used."""
        return f"{self.region}{self.year}年的{title}还没有收录" if self.year else f"缺少{title}"

    def standards_used(self) -> StandardsUsed:
        """The region, year and every figure used, with one warning for the unverified ones."""
        figures = list(self.used.values())
        unverified = [figure for figure in figures if not figure.verified and not figure.overridden]
        if unverified:
            names = "、".join(f"{figure.title}{yuan(figure.amount)}元" for figure in unverified)
            self.warnings.append(f"{self.region}{self.year}年的{names}：{UNVERIFIED}")
        return StandardsUsed(
            region=self.region,
            statistical_year=self.year,
            year_basis=self.year_basis,
            verified=not unverified,
            figures=figures,
            overridden=list(self.overrides),
            summary=self._summary(figures),
        )

    def _summary(self, figures: list[FigureUsed]) -> str:
        if not figures:
            return "这次估算没有用到地区统计数据。"
        parts = [
            f"您提供的{figure.title}{yuan(figure.amount)}元"
            if figure.overridden
            else f"{figure.title}{yuan(figure.amount)}元（{'已核实' if figure.verified else '尚未核实'}）"
            for figure in figures
        ]
        basis = f"{self.year_basis}，" if any(not figure.overridden for figure in figures) else ""
        return f"所用标准：{basis}{'；'.join(parts)}。"

    def _years(self) -> tuple[int, str]:
        age = self.request.victim_age
        if age is None:
            self.warnings.append("没有提供伤者年龄，按20年计算；60岁以上的年限会减少。")
            return FULL_YEARS, "未提供年龄，按20年"
        years = compensation_years(age)
        if years < FULL_YEARS:
            self.warnings.append(
                f"伤者{age}岁，赔偿年限按{years}年计算：60岁以上每增加一岁减少一年，75岁以上按5年计算。"
            )
        return years, f"伤者{age}岁，按{years}年"

    def items(self) -> list[SettlementItem]:
        request = self.request
        candidates = (
            self._given("medical_costs"),
            self._given("follow_up_treatment_costs"),
            self._per_day_item("meal_allowance", request.hospital_days, request.meal_allowance_per_day),
            self._per_day_item("nutrition", request.nutrition_days, request.nutrition_per_day),
            self._lost_work(),
            self._nursing(),
            self._given("transport_costs"),
            self._given("lodging_costs"),
            self._disability_compensation(),
            self._death_compensation(),
            self._dependants(),
            self._given("device_costs"),
            self._funeral(),
            self._mental_distress(),
            self._given("appraisal_costs"),
        )
        return [item for item in candidates if item and item.amount > 0]

    @staticmethod
    def _item(code: str, name: str, amount: Decimal, sub_limit: str | None, basis: str) -> SettlementItem:
        return SettlementItem(code=code, name=name, amount=money(amount), sub_limit=sub_limit, basis=basis)

    def _given(self, field: str) -> SettlementItem:
        """An item the claimant states as an amount, with its fixed rule."""
        code, name, sub_limit, basis = GIVEN_AMOUNTS[field]
        return self._item(code, name, getattr(self.request, field), sub_limit, basis)

    def _per_day_item(self, item: str, days: int, override: Decimal | None) -> SettlementItem:
        """住院伙食补助费 or 营养费: a daily rate, the claimant's or the practice default, times days."""
        name, rule = PER_DAY_ITEMS[item]
        if override is not None:
            rate, rate_note = override, "每天标准由您提供"
        else:
            default = self.standards.practice_rates[item]
            usual = f"一般在每天{yuan(default.range_low)}–{yuan(default.range_high)}元"
            rate, rate_note = default.per_day, f"{yuan(default.per_day)}元/天是实务常用标准，{usual}，以当地标准为准"
        return self._item(item, name, rate * days, MEDICAL, f"{yuan(rate)}元/天 × {days}天（{rule}）；{rate_note}。")

    def _lost_work(self) -> SettlementItem | None:
        request = self.request
        days = request.lost_work_days
        if not days:
            return None
        if request.victim_age is not None and request.victim_age > AGE_RULE_FROM:
            self.warnings.append("伤者已超过60岁，误工费一般需要证明受伤前仍在工作并有收入，法院才会支持。")
        if request.daily_income is not None:
            amount = request.daily_income * days
            formula = f"日收入{yuan(request.daily_income)}元 × 误工{days}天"
        elif request.monthly_income is not None:
            amount = request.monthly_income * 12 * days / DAYS_A_YEAR
            formula = (
                f"月收入{yuan(request.monthly_income)}元 × 12 ÷ 365 × 误工{days}天（月收入按一年365天折算成日收入）"
            )
        elif request.trade is not None or request.occupation is not None:
            return self._lost_work_by_trade(days)
        else:
            self.warnings.append("没有提供收入，误工费暂未计入；请提供日收入或月收入，没有固定收入的可以告诉我职业。")
            return None
        return self._item(
            "lost_work",
            "误工费",
            amount,
            DEATH_DISABILITY,
            f"{formula}；没有固定收入的，按最近三年平均收入或当地同行业平均工资计算（人身损害赔偿解释第7条）。",
        )

    def _lost_work_by_trade(self, days: int) -> SettlementItem | None:
        """No proof of income: the average wage of the claimant's trade in the region and year (解释第7条)."""
        request = self.request
        trade = request.trade or self.standards.trade_for(request.occupation)
        if trade is None:
            self.warnings.append(
                f"没能从“{request.occupation}”判断出所属行业，误工费暂未计入；可以直接选择行业，或者提供日收入、月收入。"
            )
            return None
        title = f"{trade}平均工资"
        self._refuse_without_any_figures()
        row = self.standards.trade_wage(self.region, self.year, trade) if self.year else None
        if row is None:
            self.warnings.append(f"{self._missing(title)}，误工费暂未计入；可以提供日收入或月收入。")
            return None
        self._use("trade_wage", title, row.annual_wage, row)
        if request.occupation is not None:
            self.warnings.append(
                f"按“{request.occupation}”属于{trade}估算误工费，这是估算时的假设，以法院认定的行业为准。"
            )
        return self._item(
            "lost_work",
            "误工费",
            row.annual_wage * days / DAYS_A_YEAR,
            DEATH_DISABILITY,
            f"{row.region}{row.statistical_year}年{title}{yuan(row.annual_wage)}元 ÷ 365 × 误工{days}天；"
            "没有固定收入、又不能证明最近三年平均收入的，参照受诉法院所在地相同或相近行业上一年度职工平均工资"
            "（人身损害赔偿解释第7条）。",
        )

    def _nursing(self) -> SettlementItem | None:
        request = self.request
        if not request.nursing_days:
            return None
        if request.nursing_per_day is None:
            self.warnings.append("没有提供护理费标准（护理人员的收入或当地护工价格），护理费暂未计入。")
            return None
        return self._item(
            "nursing",
            "护理费",
            request.nursing_per_day * request.nursing_days * request.nursing_persons,
            DEATH_DISABILITY,
            f"{yuan(request.nursing_per_day)}元/天 × {request.nursing_days}天 × {request.nursing_persons}人；"
            "护理人数一般为1人（人身损害赔偿解释第8条）。",
        )

    def _coefficient(self) -> tuple[Decimal, str]:
        request = self.request
        if request.death:
            return Decimal(1), "死亡"
        coefficient = disability_coefficient(request.disability_grade, request.extra_disability_grades)
        description = f"{request.disability_grade}级伤残；实务中一级100%，每低一级减10%"
        if request.extra_disability_grades:
            self.warnings.append(
                "多处伤残的附加比例各地做法不同：本估算每多一处伤残加1%（十级）到10%（一级），合计最多加10%，"
                "以鉴定意见和法院认定为准。"
            )
            description += f"，另有{len(request.extra_disability_grades)}处伤残"
        return coefficient, description

    def _income_item(self, code: str, name: str, rule: str) -> SettlementItem | None:
        income, label = self._figure("per_capita_income")
        if income is None:
            self.warnings.append(f"{self._missing(label)}，{name}暂未计入；可以直接填写这项数据。")
            return None
        self._old_rules_warning()
        years, years_text = self._years()
        coefficient, coefficient_text = self._coefficient()
        formula = f"{label}{yuan(income)}元 × {years}年（{years_text}）"
        if not self.request.death:
            formula += f" × 伤残系数{percent(coefficient)}（{coefficient_text}）"
        return self._item(
            code,
            name,
            income * years * coefficient,
            DEATH_DISABILITY,
            f"{formula}（{rule}；一般按一审法庭辩论终结时上一年度的统计数据）。",
        )

    def _old_rules_warning(self) -> None:
        accident_date = self.request.accident_date
        if accident_date is not None and accident_date < URBAN_ONLY_FROM:
            self.warnings.append(
                "事故发生在2022年5月1日以前，当时的规定还区分城镇和农村标准，实际可能按农村标准计算，请以法院认定为准。"
            )

    def _disability_compensation(self) -> SettlementItem | None:
        if self.request.disability_grade is None:
            return None
        return self._income_item("disability_compensation", "残疾赔偿金", "人身损害赔偿解释第12条")

    def _death_compensation(self) -> SettlementItem | None:
        if not self.request.death:
            return None
        return self._income_item("death_compensation", "死亡赔偿金", "人身损害赔偿解释第15条")

    def _dependants(self) -> SettlementItem | None:
        request = self.request
        if not request.dependants:
            return None
        if not request.death and request.disability_grade is None:
            self.warnings.append("被扶养人生活费只在伤者死亡或构成伤残时计算，这次暂未计入。")
            return None
        if any(dependant_years(dependant) is None for dependant in request.dependants):
            self.warnings.append("成年且有劳动能力的人一般不属于被扶养人，已不计入。")
        consumption, label = self._figure("per_capita_consumption")
        if consumption is None:
            self.warnings.append(f"{self._missing(label)}，被扶养人生活费暂未计入；可以直接填写这项数据。")
            return None
        coefficient, coefficient_text = self._coefficient()
        parts = [
            f"{dependant.age}岁：{yuan(consumption)}元 × {years}年 ÷ {dependant.supporters}人"
            for dependant in request.dependants
            if (years := dependant_years(dependant))
        ]
        scale = "" if request.death else f"，再乘以伤残系数{percent(coefficient)}（{coefficient_text}）"
        within = "死亡赔偿金" if request.death else "残疾赔偿金"
        return self._item(
            "dependants_living",
            "被扶养人生活费",
            dependants_living_costs(request.dependants, consumption, coefficient),
            DEATH_DISABILITY,
            f"按{label}{yuan(consumption)}元计算：{'；'.join(parts)}{scale}；未成年人计算到18周岁，"
            f"几位被扶养人每年合计不超过{yuan(consumption)}元；计入{within}（人身损害赔偿解释第16、17条）。",
        )

    def _funeral(self) -> SettlementItem | None:
        request = self.request
        if not request.death:
            return None
        if request.funeral_costs is not None:
            return self._item("funeral", "丧葬费", request.funeral_costs, DEATH_DISABILITY, "按您提供的丧葬费金额。")
        rule = "（人身损害赔偿解释第14条）"
        if MONTHLY_WAGE in self.overrides:
            wage, label = self._figure(MONTHLY_WAGE)
            return self._item(
                "funeral", "丧葬费", wage * FUNERAL_MONTHS, DEATH_DISABILITY, f"{label}{yuan(wage)}元 × 6个月{rule}。"
            )
        wage, label = self._figure("average_annual_wage")
        if wage is None:
            self.warnings.append(f"{self._missing(label)}，丧葬费暂未计入；可以填写丧葬费或当地职工年平均工资。")
            return None
        return self._item(
            "funeral",
            "丧葬费",
            wage / 2,
            DEATH_DISABILITY,
            f"{label}{yuan(wage)}元 ÷ 12 × 6个月，即年平均工资的一半{rule}。",
        )

    def _mental_distress(self) -> SettlementItem:
        request = self.request
        if request.mental_distress and not request.death and request.disability_grade is None:
            self.warnings.append("精神损害抚慰金一般在构成伤残或死亡等严重后果时才会得到支持，金额由法院酌定。")
        return self._given("mental_distress")

    def liability(self) -> tuple[Decimal, str]:
        request = self.request
        if request.liability_ratio is not None:
            return request.liability_ratio, f"按您提供的责任比例{percent(request.liability_ratio)}。"
        if request.liability is None:
            self.warnings.append("没有提供事故责任，按机动车一方全责估算，实际以事故认定书为准。")
        default = self.standards.liability_ratios[request.liability or "全责"]
        if default.liability == "无责":
            self.warnings.append(
                "机动车一方无责时，如果伤者是行人或骑非机动车，实务中机动车一方仍可能承担不超过10%，各地规定不同。"
            )
        return default.ratio, (
            f"{default.liability}按{percent(default.ratio)}：{default.source}。"
            "没有约定比例时按此估算，各地法院可能另有规定。"
        )


def _sub_limit_payment(sub_limit: str, limit: Decimal, loss: Decimal, other_victims_loss: Decimal) -> SubLimitPayment:
    """Within one sub-limit, several victims share in proportion to their losses (道交解释第19条)."""
    pool = loss + other_victims_loss
    paid = loss if pool <= limit else money(limit * loss / pool)
    return SubLimitPayment(
        sub_limit=sub_limit, limit=money(limit), loss=loss, other_victims_loss=money(other_victims_loss), paid=paid
    )


def _sub_limit_loss(items: list[SettlementItem], sub_limit: str) -> Decimal:
    return money(sum((item.amount for item in items if item.sub_limit == sub_limit), ZERO))


def _compulsory_basis(limits: CompulsoryLimits, shared: bool, mental_distress: bool) -> str:
    fault = "有责" if limits.vehicle_at_fault else "无责"
    basis = (
        f"交强险先赔，不论责任大小（民法典第1213条、道交法第76条）；机动车一方{fault}，适用{limits.source}："
        f"死亡伤残{yuan(limits.death_disability)}元、医疗费用{yuan(limits.medical)}元、财产损失{yuan(limits.property)}元"
        "（交强险条款第8条）。"
    )
    if shared:
        basis += "同一事故有多名伤者，按各自损失的比例分摊限额（道交解释第19条）。"
    if mental_distress:
        basis += "精神损害抚慰金在死亡伤残限额内优先赔付（道交解释第13条）。"
    return basis


def _commercial_basis(limit: Decimal, excess: Decimal, mental_distress_left: Decimal, ratio: Decimal) -> str:
    if not limit:
        return "没有商业三者险，超出交强险的部分由驾驶人或车主按责任比例承担。"
    return (
        f"（超出交强险的损失{yuan(excess)}元 − 交强险没赔到的精神损害抚慰金{yuan(mental_distress_left)}元）"
        f" × 责任比例{percent(ratio)}，最多赔到限额{yuan(limit)}元；商业三者险不赔精神损害抚慰金（另购附加险的除外）。"
    )


def estimate(request: SettlementRequest, standards: Standards) -> SettlementEstimate:
    """Estimate the compensation and who pays it, from the request and the loaded standards only."""
    work = _Estimate(request, standards)
    items = work.items()
    ratio, liability_basis = work.liability()
    vehicle_at_fault = request.vehicle_at_fault if request.vehicle_at_fault is not None else ratio > 0
    limits = standards.limits_for(request.accident_date, vehicle_at_fault)
    others = request.other_victims_losses or OtherVictimsLosses()
    medical = _sub_limit_payment(MEDICAL, limits.medical, _sub_limit_loss(items, MEDICAL), others.medical)
    death_disability = _sub_limit_payment(
        DEATH_DISABILITY, limits.death_disability, _sub_limit_loss(items, DEATH_DISABILITY), others.death_disability
    )
    compulsory_paid = medical.paid + death_disability.paid

    total_loss = money(sum((item.amount for item in items), ZERO))
    excess = total_loss - compulsory_paid
    mental_distress = sum((item.amount for item in items if item.code == "mental_distress"), ZERO)
    mental_distress_left = money(max(ZERO, mental_distress - death_disability.paid))
    commercial_base = excess - mental_distress_left
    commercial_paid = min(money(request.commercial_third_party_limit), money(commercial_base * ratio))
    liable_share = money(excess * ratio)
    victim_bears = excess - liable_share
    payable = total_loss - victim_bears
    if request.advances_paid > payable:
        work.warnings.append("已付款项超过了估算的应赔金额，多出的部分需要双方协商处理。")
    if request.accident_date is None:
        work.warnings.append("没有提供事故日期，按现行交强险限额估算。")

    used = work.standards_used()
    if any(not figure.overridden for figure in used.figures):
        estimated_by = f"按{used.statistical_year}年{used.region}标准作出的估算"
    elif used.figures:
        estimated_by = f"按您提供的{used.region}标准作出的估算"
    else:
        estimated_by = "估算（没有用到地区统计数据）"
    return SettlementEstimate(
        items=items,
        total_loss=total_loss,
        compulsory=CompulsoryPayment(
            vehicle_at_fault=vehicle_at_fault,
            limits_source=limits.source,
            property_limit=money(limits.property),
            total_limit=money(limits.total),
            sub_limits=[medical, death_disability],
            paid=compulsory_paid,
            basis=_compulsory_basis(
                limits, shared=bool(others.medical or others.death_disability), mental_distress=bool(mental_distress)
            ),
        ),
        excess=excess,
        liability_ratio=ratio,
        liability_basis=liability_basis,
        commercial=CommercialPayment(
            limit=money(request.commercial_third_party_limit),
            base=commercial_base,
            paid=commercial_paid,
            basis=_commercial_basis(request.commercial_third_party_limit, excess, mental_distress_left, ratio),
        ),
        liable_party_pays=liable_share - commercial_paid,
        victim_bears=victim_bears,
        advances_paid=money(request.advances_paid),
        remaining_payable=money(max(ZERO, payable - request.advances_paid)),
        standards=used,
        warnings=list(dict.fromkeys(work.warnings)),
        disclaimer=(f"以上金额是{estimated_by}，仅供参考；实际赔偿以保险公司核定、调解协议或法院判决为准。"),
    )
