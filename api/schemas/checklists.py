"""Request and response of the claim-materials checklist."""

from pydantic import BaseModel, ConfigDict, Field

from api.domain.materials import GROUP_TITLES, CaseFacts, MaterialItem


class ChecklistRequest(BaseModel):
    """The facts of the case that decide which papers are needed (the fields of CaseFacts)."""

    model_config = ConfigDict(extra="forbid")

    inpatient: bool = Field(False, title="是否住院", description="伤者是否住院治疗。")
    lost_income: bool = Field(False, title="是否误工", description="是否主张误工费（因伤不能上班而少了收入）。")
    self_employed: bool = Field(False, title="是否个体经营", description="伤者是否是个体经营者。")
    nursing: bool = Field(False, title="是否需要护理", description="是否主张护理费。")
    transport: bool = Field(False, title="是否有交通住宿费", description="是否主张交通费或住宿费。")
    disability: bool = Field(False, title="是否构成伤残", description="是否做了或准备做伤残鉴定。")
    death: bool = Field(False, title="是否死亡", description="伤者是否因事故死亡。")
    advance_payment: bool = Field(False, title="是否有垫付", description="是否有人或保险公司已经垫付了费用。")
    private_settlement: bool = Field(
        False, title="是否私下协商", description="是否已经私下协商、调解或判决确定了赔偿。"
    )
    proxy_collection: bool = Field(False, title="是否他人代领", description="赔款是否由别人代领。")

    def to_facts(self) -> CaseFacts:
        """The domain facts behind this request."""
        return CaseFacts(**self.model_dump())


class MaterialEntry(BaseModel):
    """One paper to prepare."""

    code: str = Field(description="材料代码，如 victim_id。")
    group: str = Field(description=f"分组代码：{'/'.join(GROUP_TITLES)}。")
    group_title: str = Field(description="分组名称。")
    name: str = Field(description="材料名称。")
    note: str = Field(description="说明：去哪里开、要注意什么。")

    @classmethod
    def from_item(cls, item: MaterialItem) -> "MaterialEntry":
        """The entry for one domain item, with its group's title."""
        return cls(
            code=item.code, group=item.group, group_title=GROUP_TITLES[item.group], name=item.name, note=item.note
        )


class ChecklistResponse(BaseModel):
    """The papers the case needs, grouped and in order."""

    items: list[MaterialEntry] = Field(description="需要准备的材料，按分组排列。")
