"""What a licence plate, a phone number and a claim number look like."""

import re

PROVINCE_PREFIXES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
MOBILE_FORMAT = r"1[3-9]\d{9}"
LANDLINE_FORMAT = r"0\d{9,11}"
# RPT, the Beijing date as YYYYMMDD and a 6-digit daily sequence (api/crud/claims.py issues them).
CLAIM_NUMBER_FORMAT = r"RPT\d{14}"
# A whole answer: the province, the city letter, then 5 characters (6 for new-energy vehicles), no separators.
PLATE_ANSWER = re.compile(rf"^[{PROVINCE_PREFIXES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{4,5}}[A-HJ-NP-Z0-9挂学警港澳]$")
PHONE_ANSWER = re.compile(rf"^({MOBILE_FORMAT}|{LANDLINE_FORMAT})$")
# The identity check also takes the phone's last four digits.
VERIFY_PHONE_ANSWER = re.compile(rf"^(\d{{4}}|{MOBILE_FORMAT}|{LANDLINE_FORMAT})$")
CLAIM_NUMBER_ANSWER = re.compile(rf"^{CLAIM_NUMBER_FORMAT}$")
