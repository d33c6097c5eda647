#!/usr/bin/env bash
# Generates core/src/main/resources/org/aava/dialer/core/phone/phone-zones.txt, the prefix -> time zones map
# the dialer uses to find the callee's zones, from the time-zone map in Debian's libphonenumber8-java
# (geocoder 2.193, /usr/share/maven-repo). Run once when the data should be refreshed, and commit the result:
# the build itself never needs the Debian package (libphonenumber's Maven Central geocoder does not resolve here).
#   apt-get install libphonenumber8-java && etc/data/make-phone-zones.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=/usr/share/maven-repo/com/googlecode/libphonenumber
ver=2.193
cp="$repo/geocoder/$ver/geocoder-$ver.jar:$repo/prefixmapper/$ver/prefixmapper-$ver.jar:$(ls /usr/share/java/libphonenumber-8*.jar | head -1)"
out=core/src/main/resources/org/aava/dialer/core/phone/phone-zones.txt
mkdir -p "$(dirname "$out")"
pkg=$(dpkg-query -W -f='${Package} ${Version}' libphonenumber8-java 2>/dev/null || echo "libphonenumber8-java (version unknown)")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Dump.java" <<'JAVA'
import com.google.i18n.phonenumbers.prefixmapper.PrefixTimeZonesMap;
import java.io.ObjectInputStream;

public class Dump {
    public static void main(String[] a) throws Exception {
        PrefixTimeZonesMap m = new PrefixTimeZonesMap();
        try (ObjectInputStream in = new ObjectInputStream(Dump.class.getResourceAsStream("/com/google/i18n/phonenumbers/timezones/data/map_data"))) {
            m.readExternal(in);
        }
        System.out.print(m);
    }
}
JAVA
javac -cp "$cp" -d "$tmp" "$tmp/Dump.java"
{
  echo "# E.164 prefix (without +) | time zones (&-separated). Longest prefix wins."
  echo "# Source: $pkg, geocoder $ver, com/google/i18n/phonenumbers/timezones/data/map_data (Apache-2.0)."
  echo "# Generated $(date -u +%Y-%m-%d) by etc/data/make-phone-zones.sh; do not edit by hand."
  java -cp "$cp:$tmp" Dump | grep -v '^$' | sort -t'|' -k1,1
} > "$out"
echo "wrote $out ($(grep -vc '^#' "$out") prefixes)"

# NANP area code -> US state (USPS code), from the geocoder's English area-code descriptions ("Florida",
# "New York, NY"); Canadian and Caribbean area codes are left out (libphonenumber's region covers those).
cat > "$tmp/Npa.java" <<'JAVA'
import com.google.i18n.phonenumbers.prefixmapper.PhonePrefixMap;
import java.io.InputStream;
import java.io.ObjectInputStream;

public class Npa {
    public static void main(String[] a) throws Exception {
        for (int npa = 200; npa <= 999; npa++) {
            InputStream raw = Npa.class.getResourceAsStream("/com/google/i18n/phonenumbers/geocoding/data/1" + npa + "_en");
            if (raw == null) continue;
            PhonePrefixMap m = new PhonePrefixMap();
            try (ObjectInputStream in = new ObjectInputStream(raw)) {
                m.readExternal(in);
            }
            for (String line : m.toString().split("\n")) if (line.startsWith("1" + npa + "|")) System.out.println(line.substring(1));
        }
    }
}
JAVA
javac -cp "$cp" -d "$tmp" "$tmp/Npa.java"
states=core/src/main/resources/org/aava/dialer/core/phone/nanp-states.txt
{
  echo "# NANP area code | US state or district (USPS code), the area-code presumption of state calling rules."
  echo "# Source: $pkg, geocoder $ver, geocoding/data/1NPA_en area-code descriptions (Apache-2.0)."
  echo "# Generated $(date -u +%Y-%m-%d) by etc/data/make-phone-zones.sh; do not edit by hand."
  java -cp "$cp:$tmp" Npa | awk -F'|' '
    BEGIN {
      n = split("Alabama=AL;Alaska=AK;Arizona=AZ;Arkansas=AR;California=CA;Colorado=CO;Connecticut=CT;Delaware=DE;Florida=FL;Georgia=GA;Hawaii=HI;Idaho=ID;Illinois=IL;Indiana=IN;Iowa=IA;Kansas=KS;Kentucky=KY;Louisiana=LA;Maine=ME;Maryland=MD;Massachusetts=MA;Michigan=MI;Minnesota=MN;Mississippi=MS;Missouri=MO;Montana=MT;Nebraska=NE;Nevada=NV;New Hampshire=NH;New Jersey=NJ;New Mexico=NM;New York=NY;North Carolina=NC;North Dakota=ND;Ohio=OH;Oklahoma=OK;Oregon=OR;Pennsylvania=PA;Rhode Island=RI;South Carolina=SC;South Dakota=SD;Tennessee=TN;Texas=TX;Utah=UT;Vermont=VT;Virginia=VA;Washington State=WA;West Virginia=WV;Wisconsin=WI;Wyoming=WY;Washington D.C.=DC;Philadelphia=PA", kv, ";")
      for (i = 1; i <= n; i++) { split(kv[i], p, "="); code[p[1]] = p[2] }
    }
    { st = code[$2]; if (st == "" && $2 ~ /, [A-Z][A-Z]$/) st = substr($2, length($2) - 1); if (st != "" && st != "QC" && st != "ON" && st != "BC") print $1 "|" st }'
} > "$states"
echo "wrote $states ($(grep -vc '^#' "$states") area codes)"
