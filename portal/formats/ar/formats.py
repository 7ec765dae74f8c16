# Arabic as UN documents write it: day, month, year; 24-hour clock; Western digits, whose
# separators are those of the English text around figures (Django's defaults swap them).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
