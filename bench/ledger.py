"""Benchmark of the ledger import (issue 15, item 7), on the district of ``load_district.py``.

Writes a resident population ledger of N new people living in the houses of the first
station (an XLSX in the template's columns, the addresses as the register writes them),
then, as that station's chief, the three steps a user goes through: upload (the file
read and its rows kept), the dry run (every row through ``PersonForm``) and the import
(one transaction), each timed, with the process's peak memory. Everything is rolled
back at the end: the district is left as it was.

    .venv/bin/python bench/ledger.py [--rows 5000]
"""

import argparse
import cProfile
import datetime
import multiprocessing
import os
import platform
import pstats
import resource
import tempfile
import time

import common


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="people in the ledger")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    args = parser.parse_args()
    name = common.setup()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from communitypolice.accounts.models import Unit, User
    from ledgers import services
    from ledgers.columns import PEOPLE
    from places.models import House

    station = Unit.objects.get(code=common.station_code(1))
    chief, _created = User.objects.get_or_create(
        username="bench_ledger_chief",
        defaults={"role": User.Role.CHIEF, "unit": station, "full_name": "基准导入所长"},
    )
    houses = list(
        House.objects.filter(beat__station=station)
        .order_by("pk")
        .values_list("address__full_name", flat=True)[: args.rows]
    )
    # The ledger is written by a child process, so that the peak memory below is the
    # import's own.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "ledger.xlsx")
        writer = multiprocessing.Process(
            target=write_ledger, args=(path, PEOPLE.sheet_name, houses, args.rows)
        )
        writer.start()
        writer.join()
        with open(path, "rb") as ledger_file:
            content = ledger_file.read()
    peaks_before = [_peak()]
    print(
        f"Database {name}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}; {station} ({len(houses):,} houses used); "
        f"a ledger of {args.rows:,} people, {len(content) / 1e6:.1f} MB."
    )

    timings, peaks = {}, []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            upload = SimpleUploadedFile("bench.xlsx", content)
            batch = services.start(upload=upload, ledger=PEOPLE, user=chief)
            timings["upload (read and keep the rows)"] = time.perf_counter() - started
            peaks.append(_peak())
            started = time.perf_counter()
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            services.check(batch, user=chief)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
            timings["dry run (every row checked)"] = time.perf_counter() - started
            peaks.append(_peak())
            for row in batch.rows.filter(action="reject")[:3]:
                print("  rejected:", row.number, row.errors)
            started = time.perf_counter()
            if profiler:
                profiler = cProfile.Profile()
                profiler.enable()
            services.commit(batch, user=chief)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            timings["import (one transaction)"] = time.perf_counter() - started
            peaks.append(_peak())
            raise Rollback
    except Rollback:
        pass
    total = sum(timings.values())
    for (step, seconds), peak in zip(timings.items(), peaks, strict=False):
        print(
            f"  {step:38} {seconds:7.1f} s  {args.rows / seconds:8,.0f} rows/s"
            f"  peak memory so far {peak:4.0f} MB"
        )
    print(f"  {'all three':38} {total:7.1f} s  {args.rows / total:8,.0f} rows/s")
    print(f"  memory before the upload (Django set up, the file read) {peaks_before[0]:.0f} MB")


def write_ledger(path, sheet_name, houses, rows):
    """A resident population ledger of ``rows`` new people living in ``houses``."""
    import xlsxwriter
    from stdnum.cn import ric

    headers = ["姓名", "证件号码", "人口类别", "现住址", "联系电话", "登记日期", "核实日期"]
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    sheet.write_row(0, 0, headers)
    for n in range(rows):
        # Unique numbers: a birth day in 40 years, then the sequence digits.
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=n % 14600)
        body = f"110108{born:%Y%m%d}{n // 14600 % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        row = ["导入" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + str(n), number, "户籍人口"]
        row += [houses[n % len(houses)], f"139{n:08d}", "2019-06-01", "2024-03-15"]
        sheet.write_row(n + 1, 0, row)
    book.close()


def _peak():
    """The process's peak memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    """Leave the district as it was."""


if __name__ == "__main__":
    main()
