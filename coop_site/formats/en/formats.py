# Django's English formats with the time zone (T: "IST" for Asia/Kolkata) after the time.
DATETIME_FORMAT = "N j, Y, P T"
SHORT_DATETIME_FORMAT = "m/d/Y P T"
