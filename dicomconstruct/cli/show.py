"""pydicom's ``pydicom.cli.show``: the ``show`` subcommand of ``pydicom.cli.main`` and its
quiet summary (the SOP class, patient and study, image or RT plan basics).

The summary is also ``dicomconstruct show -q``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..dataset import Dataset
from .main import filespec_help, filespec_parser


def add_subparser(subparsers: argparse._SubParsersAction) -> None:
    subparser = subparsers.add_parser("show", description="Display all or part of a DICOM file")
    subparser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    subparser.add_argument(
        "-x", "--exclude-private", help="Don't show private data elements", action="store_true"
    )
    subparser.add_argument("-t", "--top", help="Only show top level", action="store_true")
    subparser.add_argument("-q", "--quiet", help="Only show basic information", action="store_true")
    subparser.set_defaults(func=do_command)


def do_command(args: argparse.Namespace) -> None:
    if len(args.filespec) != 1:
        raise NotImplementedError("Show can only work on a single DICOM file input")
    ds, element_val = args.filespec[0]
    if not element_val:
        element_val = ds
    if args.exclude_private:
        ds.remove_private_tags()
    if args.quiet and isinstance(element_val, Dataset):
        show_quiet(element_val)
    elif args.top and isinstance(element_val, Dataset):
        print(element_val.top())
    else:
        print(str(element_val))


def SOPClassname(ds: Dataset) -> str | None:  # noqa: N802 - pydicom's name
    class_uid = ds.get("SOPClassUID")
    if class_uid is None:
        return None
    return f"SOPClassUID: {class_uid.name}"


def quiet_rtplan(ds: Dataset) -> str | None:
    if "BeamSequence" not in ds:
        return None
    plan_label = ds.get("RTPlanLabel")
    plan_name = ds.get("RTPlanName")
    line = f"Plan Label: {plan_label}  "
    if plan_name:
        line += f"Plan Name: {plan_name}"
    lines = [line]
    for group in ds.get("FractionGroupSequence") or ():
        number = group.get("FractionGroupNumber", "")
        description = group.get("FractionGroupDescription", "")
        fractions = group.get("NumberOfFractionsPlanned")
        fraction_info = f"{fractions} fraction(s) planned" if fractions else ""
        lines.append(f"Fraction Group {number} {description} {fraction_info}")
        lines.append(
            f"   Brachy Application Setups: {group.get('NumberOfBrachyApplicationSetups')}"
        )
        for beam in group.get("ReferencedBeamSequence") or ():
            dose, meterset = beam.get("BeamDose"), beam.get("BeamMeterset")
            line = f"   Beam {beam.get('ReferencedBeamNumber')} "
            if dose or meterset:
                line += f"Dose {dose} Meterset {meterset}"
            lines.append(line)
    for beam in ds.BeamSequence:
        beam_type = beam.get("BeamType")
        line = (
            f"Beam {beam.get('BeamNumber')} '{beam.get('BeamName')}' "
            f"{beam.get('TreatmentDeliveryType')} {beam_type} {beam.get('RadiationType')}"
        )
        if beam_type == "STATIC":
            cp = beam.ControlPointSequence[0]
            if cp:
                line += (
                    f" energy {cp.get('NominalBeamEnergy')} gantry {cp.get('GantryAngle')}, "
                    f"coll {cp.get('BeamLimitingDeviceAngle')}, "
                    f"couch {cp.get('PatientSupportAngle')}"
                )
        counts = ("NumberOfWedges", "NumberOfCompensators", "NumberOfBoli", "NumberOfBlocks")
        wedges, comps, boli, blocks = (beam.get(name) for name in counts)
        line += f" ({wedges} wedges, {comps} comps, {boli} boli, {blocks} blocks)"
        lines.append(line)
    return "\n".join(lines)


def quiet_image(ds: Dataset) -> str | None:
    if "SOPClassUID" not in ds or "Image Storage" not in ds.SOPClassUID.name:
        return None
    names = ("BitsStored", "Modality", "Rows", "Columns", "SliceLocation")
    return "\n".join(f"{name}: {ds.get(name, 'N/A')}" for name in names)


# Items to show in quiet mode: a callable or a DICOM keyword (pydicom's list).
quiet_items: list[Callable[[Dataset], str | None] | str] = [
    SOPClassname,
    "PatientName",
    "PatientID",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    quiet_image,
    quiet_rtplan,
]


def quiet_lines(ds: Dataset) -> list[str]:
    """The quiet summary's lines."""
    lines = []
    for item in quiet_items:
        if callable(item):
            result = item(ds)
            if result:
                lines.append(result)
        else:
            lines.append(f"{item}: {ds.get(item, 'N/A')}")
    return lines


def show_quiet(ds: Dataset) -> None:
    for line in quiet_lines(ds):
        print(line)
