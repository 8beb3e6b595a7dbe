"""Request and response of the compensation estimate (赔偿估算)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.domain.standards import TRADES

Money = Annotated[Decimal, Field(ge=0, le=100_000_000, decimal_places=2)]
# A rate worked out from a published figure (95,000 ÷ 12 = 7,916.666667) keeps its decimals; amounts are rounded at the end.
Rate = Annotated[Decimal, Field(ge=0, le=100_000_000, decimal_places=6)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Days = Annotated[int, Field(ge=0, le=36500)]
Age = Annotated[int, Field(ge=0, le=120)]
Grade = Annotated[int, Field(ge=1, le=10)]
Liability = Literal["全责", "主责", "同责", "次责", "无责"]
SubLimit = Literal["医疗费用", "死亡伤残"]
Trade = Literal[TRADES]

ZERO = Decimal(0)


class Dependant(BaseModel):
    """A person the victim supports (被扶养人)."""

    model_config = ConfigDict(extra="forbid")

    age: Age = Field(title="被扶养人年龄", description="被扶养人的年龄（周岁）。未满18周岁的计算到18周岁。")
    supporters: int = Field(
        1,
        ge=1,
        le=20,
        title="扶养人人数",
        description="对这位被扶养人负有扶养义务的人数（包括伤者本人），生活费按人数分摊。",
    )
    incapacitated: bool = Field(
        False,
        title="是否丧失劳动能力",
        description="成年被扶养人是否丧失劳动能力又无其他生活来源；成年且有劳动能力的不属于被扶养人。",
    )


class OtherVictimsLosses(BaseModel):
    """The losses of the other victims of the same accident, per 交强险 sub-limit."""

    model_config = ConfigDict(extra="forbid")

    medical: Money = Field(
        ZERO, title="其他伤者医疗费用类损失", description="同一事故其他伤者属于医疗费用限额的损失合计（元）。"
    )
    death_disability: Money = Field(
        ZERO, title="其他伤者死亡伤残类损失", description="同一事故其他伤者属于死亡伤残限额的损失合计（元）。"
    )


class SettlementRequest(BaseModel):
    """The facts of one injured person's case; every standard can be overridden."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    accident_date: date | None = Field(
        None, title="事故日期", description="事故发生的日期（北京时间），决定适用的交强险限额。不填按现行限额。"
    )
    region: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        title="地区",
        description="受诉法院所在的省份或地级市，如“江苏”“南京”。不填按全国标准。",
    )
    statistical_year: Year | None = Field(
        None,
        title="统计年度",
        description="使用哪一年的统计数据。不填时按一审审理年份的上一年度，都不填按该地区最新一年。",
    )
    hearing_year: Year | None = Field(
        None,
        title="一审审理年份",
        description="一审法庭辩论终结的年份；法院一般用它的上一年度统计数据，还没收录时用最新一年。",
    )
    victim_age: Age | None = Field(None, title="伤者年龄", description="伤者定残或死亡时的年龄（周岁）。")
    medical_costs: Money = Field(ZERO, title="医疗费", description="医药费、诊疗费、住院费合计（元），以票据为准。")
    follow_up_treatment_costs: Money = Field(
        ZERO, title="后续治疗费", description="必要的后续治疗费（元），需有医疗证明或鉴定意见。"
    )
    hospital_days: Days = Field(0, title="住院天数", description="住院天数，用于计算住院伙食补助费。")
    meal_allowance_per_day: Money | None = Field(
        None, title="伙食补助标准", description="住院伙食补助费每天多少元。不填按实务常用标准。"
    )
    nutrition_days: Days = Field(0, title="营养天数", description="医嘱需要加强营养的天数。")
    nutrition_per_day: Money | None = Field(
        None, title="营养费标准", description="营养费每天多少元。不填按实务常用标准。"
    )
    lost_work_days: Days = Field(
        0, title="误工天数", description="误工天数，以医疗机构证明为准；定残的计算到定残日前一天。"
    )
    daily_income: Rate | None = Field(None, title="日收入", description="受伤前每天的实际收入（元）。")
    monthly_income: Rate | None = Field(
        None, title="月收入", description="受伤前每月的实际收入（元），按“月收入×12÷365”换算为日收入。"
    )
    occupation: str | None = Field(
        None,
        min_length=1,
        max_length=30,
        title="职业",
        description="没有固定收入时，伤者平时做什么（如“送外卖”“种地”），按所属行业的平均工资估算误工费。",
    )
    trade: Trade | None = Field(
        None, title="行业", description="没有固定收入时按哪个行业的平均工资估算误工费；填写后不用再填职业。"
    )
    nursing_days: Days = Field(0, title="护理天数", description="需要护理的天数。")
    nursing_per_day: Rate | None = Field(
        None, title="护理费标准", description="护理人员每天的收入或当地护工价格（元）。"
    )
    nursing_persons: int = Field(1, ge=1, le=10, title="护理人数", description="护理人数，一般为1人。")
    transport_costs: Money = Field(ZERO, title="交通费", description="就医和转院的交通费（元），以票据为准。")
    lodging_costs: Money = Field(ZERO, title="住宿费", description="确有必要到外地治疗时的住宿费（元）。")
    disability_grade: Grade | None = Field(
        None, title="伤残等级", description="最重一处伤残的等级，1级最重，10级最轻。"
    )
    extra_disability_grades: list[Grade] = Field(
        [], max_length=20, title="其他伤残等级", description="另外几处伤残的等级。"
    )
    death: bool = Field(False, title="是否死亡", description="伤者是否因事故死亡。")
    funeral_costs: Money | None = Field(
        None, title="丧葬费", description="丧葬费（元）。不填按当地职工年平均工资÷2（即6个月）计算。"
    )
    dependants: list[Dependant] = Field([], max_length=20, title="被扶养人", description="伤者依法扶养的人。")
    device_costs: Money = Field(ZERO, title="残疾辅助器具费", description="假肢、轮椅等残疾辅助器具费（元）。")
    mental_distress: Money = Field(
        ZERO, title="精神损害抚慰金", description="主张的精神损害抚慰金（元），法律没有固定数额，由法院酌定。"
    )
    appraisal_costs: Money = Field(ZERO, title="鉴定费", description="伤残鉴定等鉴定费用（元）。")
    per_capita_income: Money | None = Field(
        None, title="城镇居民人均可支配收入", description="每年多少元；填写后代替地区标准。"
    )
    per_capita_consumption: Money | None = Field(
        None, title="城镇居民人均消费支出", description="每年多少元；填写后代替地区标准。"
    )
    average_annual_wage: Money | None = Field(
        None, title="职工年平均工资", description="每年多少元，丧葬费按它÷2计算；填写后代替地区标准。"
    )
    average_monthly_wage: Rate | None = Field(
        None,
        title="职工月平均工资",
        description="每月多少元，可以带多位小数，丧葬费按它×6计算；填写后代替地区标准。",
    )
    liability: Liability | None = Field(
        None, title="事故责任", description="机动车一方的事故责任。不填按机动车一方全责估算。"
    )
    liability_ratio: Decimal | None = Field(
        None,
        ge=0,
        le=1,
        decimal_places=4,
        title="责任比例",
        description="机动车一方承担的比例（0到1），填写后代替按事故责任的默认比例。",
    )
    vehicle_at_fault: bool | None = Field(
        None, title="机动车是否有责", description="决定交强险按有责还是无责限额赔付。不填按责任比例判断。"
    )
    commercial_third_party_limit: Money = Field(
        ZERO, title="商业三者险限额", description="对方车辆商业第三者责任险的保额（元），没有填0。"
    )
    advances_paid: Money = Field(ZERO, title="已付款项", description="对方或保险公司已经垫付或支付的金额（元）。")
    other_victims_losses: OtherVictimsLosses | None = Field(
        None, title="其他伤者损失", description="同一事故还有其他伤者时，他们的损失合计，用于按比例分摊交强险限额。"
    )

    @model_validator(mode="after")
    def _consistent(self) -> "SettlementRequest":
        if self.extra_disability_grades and self.disability_grade is None:
            raise PydanticCustomError(
                "disability_grade_missing", "填写多处伤残时，请先在伤残等级中填写最重一处的等级。"
            )
        if self.death and self.disability_grade is not None:
            raise PydanticCustomError("death_with_disability", "死亡案件按死亡赔偿金计算，请不要同时填写伤残等级。")
        if self.daily_income is not None and self.monthly_income is not None:
            raise PydanticCustomError("income_twice", "日收入和月收入只需填写一项。")
        if self.average_annual_wage is not None and self.average_monthly_wage is not None:
            raise PydanticCustomError("wage_twice", "职工年平均工资和月平均工资只需填写一项。")
        if self.statistical_year is not None and self.hearing_year is not None:
            raise PydanticCustomError("year_twice", "统计年度和一审审理年份只需填写一项。")
        if self.occupation is not None and self.trade is not None:
            raise PydanticCustomError("trade_twice", "职业和行业只需填写一项。")
        has_income = self.daily_income is not None or self.monthly_income is not None
        if has_income and (self.occupation is not None or self.trade is not None):
            raise PydanticCustomError("income_and_trade", "有收入时按实际收入计算误工费，不用再填写职业或行业。")
        return self


class SettlementItem(BaseModel):
    """One compensation item with its amount and how it was worked out."""

    code: str = Field(description="项目代码，如 disability_compensation。")
    name: str = Field(description="项目名称。")
    amount: Decimal = Field(description="金额（元，保留两位小数）。")
    sub_limit: SubLimit | None = Field(description="属于交强险的哪个分项限额；不属于交强险赔偿范围的为空。")
    basis: str = Field(description="计算依据：规则、所用标准和公式。")


class SubLimitPayment(BaseModel):
    """What 交强险 pays within one sub-limit."""

    sub_limit: SubLimit = Field(description="分项限额名称。")
    limit: Decimal = Field(description="分项限额（元）。")
    loss: Decimal = Field(description="本伤者属于该分项的损失（元）。")
    other_victims_loss: Decimal = Field(description="其他伤者属于该分项的损失（元）。")
    paid: Decimal = Field(description="交强险在该分项内赔付本伤者的金额（元）。")


class CompulsoryPayment(BaseModel):
    """The 交强险 payment, chosen by accident date and fault."""

    vehicle_at_fault: bool = Field(description="是否按有责限额赔付。")
    limits_source: str = Field(description="所用限额及其施行日期。")
    property_limit: Decimal = Field(description="财产损失分项限额（元），人伤估算不涉及。")
    total_limit: Decimal = Field(description="总限额（元）。")
    sub_limits: list[SubLimitPayment] = Field(description="医疗费用和死亡伤残两个分项的赔付。")
    paid: Decimal = Field(description="交强险赔付合计（元）。")
    basis: str = Field(description="计算依据。")


class CommercialPayment(BaseModel):
    """The commercial third-party insurer's share."""

    limit: Decimal = Field(description="商业三者险限额（元）。")
    base: Decimal = Field(description="超出交强险且商业险负责的损失（元），不含精神损害抚慰金。")
    paid: Decimal = Field(description="商业三者险赔付（元）：超出部分×责任比例，以限额为上限。")
    basis: str = Field(description="计算依据。")


class FigureUsed(BaseModel):
    """One figure an item was worked out from, with its region, year, source and whether it was verified."""

    figure: str = Field(description="数据代码，如 per_capita_income、average_annual_wage、trade_wage。")
    title: str = Field(description="数据名称，如“城镇居民人均可支配收入”“交通运输、仓储和邮政业平均工资”。")
    amount: Decimal = Field(description="数额（元）。")
    region: str | None = Field(description="数据所属地区；您提供的数据为空。")
    statistical_year: int | None = Field(description="统计年度；您提供的数据为空。")
    source: str = Field(description="数据来源：统计公报或标准的名称和年份。")
    verified: bool = Field(description="是否已在统计公报、统计部门或高级法院公布的标准中核实。")
    overridden: bool = Field(description="是否是您提供、代替地区标准的数据。")


class StandardsUsed(BaseModel):
    """The region and statistical year of the estimate and every figure it used."""

    region: str = Field(description="地区。")
    statistical_year: int | None = Field(description="统计年度；全部使用您提供的数据时为空。")
    year_basis: str = Field(description="为什么用这一年的数据。")
    verified: bool = Field(description="所用的地区数据是否都已核实。")
    figures: list[FigureUsed] = Field(description="估算实际用到的每项数据。")
    overridden: list[str] = Field(description="由您提供、代替地区标准的数据。")
    summary: str = Field(description="一句话说明所用数据的地区、年度和是否核实，可直接展示给用户。")


class SettlementEstimate(BaseModel):
    """The estimate: items, who pays what, and what is still owed."""

    items: list[SettlementItem] = Field(description="各赔偿项目。")
    total_loss: Decimal = Field(description="损失合计（元）。")
    compulsory: CompulsoryPayment = Field(description="交强险赔付。")
    excess: Decimal = Field(description="超出交强险的损失（元）。")
    liability_ratio: Decimal = Field(description="机动车一方承担的责任比例。")
    liability_basis: str = Field(description="责任比例的依据。")
    commercial: CommercialPayment = Field(description="商业三者险赔付。")
    liable_party_pays: Decimal = Field(description="保险之外由驾驶人或车主承担的部分（元）。")
    victim_bears: Decimal = Field(description="按责任比例由伤者自己（或其他责任方）承担的部分（元）。")
    advances_paid: Decimal = Field(description="已经垫付或支付的金额（元）。")
    remaining_payable: Decimal = Field(description="扣除已付款项后还应支付给伤者的金额（元）。")
    standards: StandardsUsed = Field(description="所用的地区标准。")
    warnings: list[str] = Field(description="提醒：估算所依据的假设和需要注意的地方。")
    disclaimer: str = Field(description="估算说明。")
