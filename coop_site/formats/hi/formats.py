# Django's Hindi locale has no date-and-time format; this is its DATE_FORMAT with the time and
# the time zone (T: "IST" for Asia/Kolkata).
DATETIME_FORMAT = "j F Y, P T"
SHORT_DATETIME_FORMAT = "d-m-Y P T"
