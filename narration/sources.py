"""The evidence behind the narration: source id -> short citation.

Copied from the project's medical reference (§9), only for the sources the narration files name. The ids are the
reference's `[S#]` tags; a narration file's `sources:` header may only name ids listed here, and the loader checks it.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "S1": "Cook WH, Baker JF. Lumbar vertebral morphology between Māori and NZ Europeans: a CT study. "
    "Int J Spine Surg 2021;15(6):1072–81.",
    "S17": "Masharawi Y et al. Facet orientation in the thoracolumbar spine. Spine 2004.",
    "S18": "Jentzsch T et al. Lumbar facet joint arthritis is associated with more coronal orientation. "
    "Radiol Res Pract 2013:693971.",
    "S19": "Lumbar 3-joint complex degeneration (Pfirrmann and Weishaupt grades, n=152). Medicine 2019.",
    "S34": "Lumbar disc height and sagittal alignment in asymptomatic Asian adults. J Orthop Surg Res 2018;13:34.",
    "S37": "Videman T et al. Aging changes in lumbar discs and vertebrae: a 15-year follow-up.",
    "S43": "Cheng Y et al. Morphology and composition of lumbar intervertebral discs. Bioengineering 2024;11(5):466.",
    "S46": "In vivo lumbar disc deformation during lifting (introduction: share of axial load).",
    "S47": "Radiopaedia: MRI classification system for lumbar disc degeneration (Pfirrmann 2001, Spine 26:1873).",
    "S48": "Pfirrmann grading table (radclass.mudr.org).",
    "S49": "Salamat S et al. SpringerPlus 2016;5:829.",
    "S51": "Whole-spine Pfirrmann survey (n=653). Korean J Spine 2017.",
    "S52": "Modified (Griffith) disc grading table, reproduced in Adv Orthop 2018:1623647.",
    "S53": "Summary of Griffith 2007, Spine 32:E708 (260 discs, mean age 73).",
    "S56": "Kirkaldy-Willis degenerative cascade, three phases (summary).",
    "S57": "Kasai Y et al. Direction of anterior lumbar vertebral osteophytes. BMC Musculoskelet Disord 2009;10:4.",
    "S58": "Weishaupt facet joint osteoarthritis grading (elearnrad.com).",
    "S59": "Weishaupt grading table (scirp.org).",
    "S60": "Maataoui A et al. Facet joint osteoarthritis and ODI. World J Radiol 2014;6:881.",
    "S62": "Fujiwara A et al. Eur Spine J 1999;8:396.",
    "S63": "Kellgren–Lawrence grading adapted to the spine (NASS 2014 meeting report).",
    "S64": "Definitions of osteophytes (review table). Rheumatol Adv Pract 2024;8:rkae061.",
    "S65": "O'Neill TW et al. Distribution, determinants and clinical correlates of vertebral osteophytosis (UK). "
    "PMID 10229405.",
    "S66": "Chaimongkhol T et al. Osteophytes around lumbar vertebral foramina. Anat Cell Biol 2019.",
    "S67": "Medscape: Lumbar spondylosis.",
    "S68": "Lee S et al. A practical MRI grading system for lumbar foraminal stenosis. AJR 2010.",
    "S69": "Lumbar foraminal stenosis grading summary (pacs.de).",
    "S70": "MRI grading vs surgical findings for lumbar foraminal stenosis. J Korean Neurosurg Soc 2017;60:465.",
    "S71": "Schizas C et al. Qualitative grading of lumbar central stenosis. Spine 2010;35:1919.",
    "S72": "Radiopaedia: Lumbar spinal stenosis grading (Lee, Schizas, Lurie).",
    "S75": "Adams MA, Hutton WC. The effect of posture on the role of the apophysial joints. J Bone Joint Surg Br "
    "1980;62:358.",
    "S76": "Adams MA, Hutton WC. The effect of posture on the lumbar spine. J Bone Joint Surg Br 1985.",
    "S77": "Where do the lumbar nerve roots exit (patient page, seekhealthz.com).",
    "S78": "Lumbar disc herniation L4-L5 (surgeon's patient page).",
    "S79": "Lumbar disc herniation epidemiology (review notes).",
    "S80": "Disc herniation level and ligament anatomy (translated excerpt).",
    "S81": "Institute for Spine Surgery: lumbar disc herniation.",
    "S82": "Far lateral disc herniation (surgeon's patient page).",
    "S83": "Berra LV et al. Far lateral lumbar disc herniation, part 1. World J Orthop 2021;12:961.",
    "S84": "Gorniak G, Conrad W. Lower lumbar facet joint complex anatomy. Austin J Anat 2015.",
    "S85": "Cohen SP, Raja SN. Lumbar zygapophysial joint pain. Anesthesiology 2007;106:591.",
    "S89": "Brinjikji W et al. Imaging features of spinal degeneration in asymptomatic populations. "
    "AJNR 2015;36:811.",
    "S90": "Brinjikji W et al. MRI findings of disc degeneration are more prevalent in adults with low back pain "
    "than in asymptomatic controls. AJNR 2015;36:2394.",
}
