"""The evidence behind the narration: source id -> short citation.

Copied from the project's medical reference (§9), only for the sources the narration files name. The ids are the
reference's `[S#]` tags; a narration file's `sources:` header may only name ids listed here, and the loader checks it.

`SOURCES` holds those of the stories' stage files (the degeneration cascade, the case's findings);
`INJECTION_SOURCES` those that only the injection story's cues (`narration/injection/cues.md`) name; `CITATIONS` is
both together, the table to look an id up in.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "S1": "Cook WH, Baker JF. Lumbar vertebral morphology between Māori and NZ Europeans: a CT study. "
    "Int J Spine Surg 2021;15(6):1072–81.",
    "S17": "Masharawi Y et al. Facet orientation in the thoracolumbar spine. Spine 2004.",
    "S18": "Jentzsch T et al. Lumbar facet joint arthritis is associated with more coronal orientation. "
    "Radiol Res Pract 2013:693971.",
    "S19": "Lumbar 3-joint complex degeneration (Pfirrmann and Weishaupt grades, n=152). Medicine 2019.",
    "S23": "Kalichman L et al. Facet orientation and tropism: associations with facet joint osteoarthritis and "
    "degenerative spondylolisthesis (Framingham). Spine 2009.",
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
    "S107": "Intradiscal PRP vs saline RCT, Netherlands (n=98), 2024. PMC11373021.",
    "S141": "FDA: Important patient and consumer information about regenerative medicine therapies (3 Jun 2021).",
    "S153": "Levi D et al. Bone marrow concentrate intradiscal injection: a double-blind randomised sham-controlled "
    "trial. Interv Pain Med 2025. doi:10.1016/j.inpm.2025.100611.",
    "S126": "FDA Drug Safety Communication: epidural corticosteroid injections, rare serious neurologic events; "
    "label warning (23 Apr 2014).",
    "S128": "Oliveira CB et al. Epidural corticosteroid injections for lumbosacral radicular pain. Cochrane Database "
    "Syst Rev 2020;CD013577.",
    "S171": "Qaseem A et al.; ACP. Noninvasive treatments for acute, subacute, and chronic low back pain. "
    "Ann Intern Med 2017;166(7):514–30.",
    "S172": "NICE. Low back pain and sciatica in over 16s: assessment and management (NG59), 2016, updated 2020.",
    "S175": "Academy of Medical Royal Colleges. Evidence-Based Interventions: injections for non-specific low back "
    "pain without sciatica.",
    "S176": "World Health Organization. Guideline for non-surgical management of chronic primary low back pain in "
    "adults, 2023.",
    "S179": "Foster NE et al.; Lancet Low Back Pain Series. Prevention and treatment of low back pain. "
    "Lancet 2018;391:2368–83.",
    "S180": "Hayden JA et al. Exercise therapy for chronic low back pain. Cochrane Database Syst Rev 2021;CD009790.",
    "S181": "van der Gaag WH et al. NSAIDs for acute low back pain. Cochrane Database Syst Rev 2020;CD013581.",
    "S182": "Dahm KT et al. Advice to rest in bed versus advice to stay active for acute low-back pain and sciatica. "
    "Cochrane Database Syst Rev 2010;CD007612.",
    "S183": "French SD et al. Superficial heat or cold for low back pain. Cochrane Database Syst Rev 2006;CD004750.",
    "S184": "Enthoven WTM et al. NSAIDs for chronic low back pain. Cochrane Database Syst Rev 2016;CD012087.",
    "S185": "Williams CM et al. Efficacy of paracetamol for acute low-back pain (PACE). Lancet 2014;384:1586–96.",
    "S186": "Jones CMP et al. Opioid analgesia for acute low back pain and neck pain (OPAL). Lancet 2023;402:304–12.",
    "S187": "Secondary summaries of the OPAL trial results (2023).",
    "S191": "da C Menezes Costa L et al. The prognosis of acute and persistent low-back pain: a meta-analysis. "
    "CMAJ 2012;184(11):E613–24.",
    "S193": "Chiu CC et al. The probability of spontaneous regression of lumbar herniated disc: a systematic review. "
    "Clin Rehabil 2015;29:184–95.",
    "S196": "Peul WC et al. Surgery versus prolonged conservative treatment for sciatica. N Engl J Med "
    "2007;356:2245–56.",
    "S197": "Clinical Advisor summary of Peul 2007 (most sciatica patients recover without surgery).",
    "S205": "Fairbank J et al. Surgical stabilisation vs intensive rehabilitation for chronic low back pain (MRC spine "
    "stabilisation trial). BMJ 2005;330:1233.",
    "S206": "BMJ Best Practice. Cauda equina syndrome: diagnosis approach.",
    "S207": "Hull neurosurgery service: red-flag conditions and cauda equina syndrome (referral page).",
    "S237": "Scoliosis Spinal Disord 2016;11:21, Table 1: age-specific prevalence from Brinjikji 2015 (20–50 y).",
    "S210": "Wu AM et al. Lumbar spinal stenosis: an update on the epidemiology, diagnosis and treatment. AME Med J.",
    "S211": "Chokshi FH et al. The \"thickened\" ligamentum flavum: is it buckling or enlargement? AJNR "
    "2010;31(10):1813–16.",
    "S213": "Ishimoto Y et al. Radiographic lumbar spinal stenosis and clinical symptoms in the general population: "
    "the Wakayama Spine Study. Osteoarthritis Cartilage 2013;21(6):783–8.",
    "S208": "Cowley P. Neuroimaging of spinal canal stenosis (review quoting the NASS 2011 definition).",
    "S209": "Neurosurgery wiki: Neurogenic claudication (operativeneurosurgery.com).",
    "S212": "Kalichman L et al. Spinal stenosis prevalence and association with symptoms: the Framingham Study. "
    "Spine J 2009;9(7):545–50.",
    "S214": "Wakayama Spine Study group. Prevalence of symptomatic lumbar spinal stenosis in a population-based "
    "cohort in Japan. Osteoarthritis Cartilage 2012 (PMID 22796511).",
    "S216": "Pressure changes within the cauda equina following constriction of the dural sac: an in vitro study. "
    "Spine 1984;9(6):604–7.",
    "S217": "Schönström N, Hansson T. Pressure changes following constriction of the cauda equina. Spine "
    "1988;13(4):385–8.",
    "S218": "Cross-sectional area of the stenotic lumbar dural tube on transverse MRI. J Spinal Disord 1994.",
    "S219": "Lim YS et al. Dural sac area is a more sensitive parameter for evaluating lumbar spinal stenosis than "
    "spinal canal area. Medicine 2017;96(49):e9087.",
    "S220": "Yoshiiwa T et al. Ligamentum flavum thickening and segmental instability, disc degeneration and facet "
    "osteoarthritis in lumbar spinal stenosis. Asian Spine J 2016;10(6):1132–40.",
    "S245": "Correlation between disability and MRI findings in lumbar spinal stenosis: 109 patients operated on by "
    "decompression. Acta Orthop 2011;82(2):204–10.",
    "S221": "Chuang CW et al. Diagnosis and interventional pain management options for sacroiliac joint pain. "
    "Tzu Chi Med J 2019;31(4).",
    "S222": "Diagnostic sacroiliac joint injections: is a control block necessary? Surgical Science 2015;6(7).",
    "S223": "Sacroiliac joint pain: a comprehensive review of epidemiology, diagnosis and treatment. Expert Rev "
    "Neurother 2013;13(1):99–116.",
    "S224": "Simopoulos TT et al. A systematic evaluation of prevalence and diagnostic accuracy of sacroiliac joint "
    "interventions. Pain Physician 2012;15:E305–44.",
    "S225": "Laslett M et al. Diagnosis of sacroiliac joint pain: validity of individual provocation tests and "
    "composites of tests. Man Ther 2005;10:207–18.",
    "S226": "The location of the sacroiliac joint on the outer table of the posterior ilium (10 cadavers). "
    "J Orthop Trauma 1993.",
    "S227": "SPA-imaging (Danish educational site): sacroiliac joint, normal anatomy.",
    "S228": "Demir M et al. Anatomical variations with joint space measurements on CT. Kobe J Med Sci 2007.",
    "S229": "Mobility and anthropometry of the sacroiliac joint: range of motion and morphological characteristics. "
    "Biomed Eng Lett 2024.",
    "S230": "Ruffilli A et al. Injective treatments for sacroiliac joint pain: a systematic review and "
    "meta-analysis. Indian J Orthop 2024;58(6):637–49.",
    "S231": "Prather H et al. Nonoperative treatment options for patients with sacroiliac joint pain. Int J Spine "
    "Surg 2020;14(s1):S35.",
    "S232": "Jee H et al. Ultrasound-guided versus fluoroscopy-guided sacroiliac joint intra-articular injections: "
    "a randomized study. Arch Phys Med Rehabil 2014;95:330–7.",
    "S233": "Kjaer P et al. Are MRI-defined fat infiltrations in the multifidus muscles associated with low back "
    "pain? BMC Med 2007;5:2.",
    "S234": "Fat in the lumbar multifidus muscles: 2-year follow-up of a randomized trial (figure legend). "
    "BMC Musculoskelet Disord 2017.",
    "S235": "Multifidus atrophy, spinopelvic parameters and deformity in adult degenerative scoliosis (figure "
    "legend: Goutallier grades). J Orthop Surg Res 2019.",
    "S236": "A novel MRI index for paraspinal muscle fatty infiltration: reliability and relation to pain and "
    "disability in lumbar spinal stenosis. Eur Radiol Exp 2022.",
    "S238": "Morphometry of lumbar muscles in the seated posture with weight-bearing MR scans (10 women).",
    "S239": "Wesselink EO et al. Is fatty infiltration in paraspinal muscles reversible with exercise in people "
    "with low back pain? A systematic review. Eur Spine J 2023;32(3):787–96.",
    "S240": "Lucas N et al. Reliability of physical examination for diagnosis of myofascial trigger points: a "
    "systematic review. Clin J Pain 2009;25(1):80–9.",
    "S241": "Rathbone ATL et al. Interrater agreement of manual palpation for identification of myofascial trigger "
    "points: a systematic review and meta-analysis. Clin J Pain 2017;33(8):715–29.",
    "S243": "Secondary summaries of Brinjikji 2015 (imaging features of spinal degeneration in asymptomatic people).",
    "S244": "Hicks GE, Morone N, Weiner DK. Degenerative lumbar disc and facet disease in older adults. "
    "Spine 2009;34(12):1301–6.",
    "S246": "Rajasekaran S et al. The catastrophization effects of an MRI report on the patient and surgeon. "
    "Eur Spine J 2021;30(7):2069–81.",
}

INJECTION_SOURCES: dict[str, str] = {
    "S97": "Lumbar provocation discography: standard fluoroscopic techniques (Furman atlas, musculoskeletalkey.com).",
    "S98": "Lumbar provocation discography / disc access, ch. 17 (radiologykey.com).",
    "S99": "Lumbar discography procedure (pijn.com, for health-care providers).",
    "S100": "Textbook excerpt on discography technique (78stepshealth.us).",
    "S105": "ClinicalTrials.gov-derived record NCT02412735 (arms, 2 mL, 6 million cells).",
    "S106": "Pettine K et al. Autologous bone marrow concentrate for discogenic back pain. Int Orthop 2016;40:135.",
    "S108": "Carragee EJ et al. Does discography cause accelerated progression of degeneration changes in the lumbar "
    "disc: a ten-year matched cohort study. Spine 2009;34:2338.",
    "S109": "McCormick ZL et al. Low-pressure lumbar provocation discography. Spine 2019.",
    "S110": "Anatomical relationship between Kambin's triangle and exiting nerve root. Mini-invasive Surg 2017;1:99.",
    "S115": "Textbook excerpt: lumbar zygapophysial joint injection technique (alpfmedical.info).",
    "S116": "Neurosurgery notes: facet joint injection technique.",
    "S117": "MSK-imaging: fluoroscopic lumbar facet arthrogram.",
    "S118": "Klessinger S. Medial branch blocks of the cervical and lumbar spine. Tech Orthop 2013;28:18.",
    "S130": "Rizk NN, Carvelli AJ. Sacroiliac joint injection (atlas chapter).",
    "S131": "Sacroiliac joint arthrography (textbook excerpt): needle, contrast volume, lateral check.",
    "S132": "Sacroiliac joint injection technique (textbook excerpt): the contralateral oblique view, the target.",
    "S135": "Hirahara AM et al. An MRI analysis of the pelvis to determine the ideal method for ultrasound-guided bone "
    "marrow aspiration from the iliac crest. Am J Orthop 2018.",
    "S137": "BioNumbers 113200: share of MSCs among nucleated marrow cells (Pittenger & Martin 2004, Circ Res).",
    "S138": "Coleman-type fat harvest description (donor sites, infiltration, cannula).",
    "S139": "AccessMedicine: liposuction technique (infiltration, tumescent solutions).",
    "S140": "Lipoplasty technique for adipose-derived cells (clinic text): cannula and syringe.",
    "S142": "FDA: Consumer alert on regenerative medicine products including stem cells and exosomes (22 Jul 2020).",
    "S143": "Pharmacy Times: first FDA-approved MSC product, for steroid-refractory acute GVHD in children (Dec 2024).",
    "S146": "Amirdelfan K et al. Allogeneic mesenchymal precursor cells for chronic low back pain and degenerative "
    "disc disease: a 36-month randomised controlled trial. Spine J 2021.",
    "S155": "Tuakli-Wosornu YA et al. Lumbar intradiskal platelet-rich plasma injections: a prospective, double-blind, "
    "randomized controlled study. PM&R 2016.",
    "S157": "Akeda K et al. Platelet-rich plasma in the management of chronic low back pain: a critical review. "
    "J Pain Res 2019;12:753.",
    "S158": "Zhang W et al. Mesenchymal stem cells for discogenic pain: a meta-analysis. Front Bioeng Biotechnol 2023.",
    "S159": "Systematic review (PRISMA) of stem-cell strategies for degenerative disc disease, 2025. PMC12835428.",
    "S147": "Phase 3 trial abstract of allogeneic mesenchymal precursor cells for chronic low back pain (NCT02412735): "
    "design and endpoint definition.",
    "S150": "News report (22 Jul 2024): enrolment begins in a confirmatory trial of mesenchymal precursor cells for "
    "chronic low back pain.",
    "S152": "ClinicalTrials.gov record NCT06325566 (confirmatory trial, 300 patients, 12-month pain endpoint).",
    "S258": "Rachchha et al. Optimizing platelet-rich plasma preparation using various centrifugation speeds: "
    "platelet yield (cross-sectional study). IJCED.",
    "S259": "PRP in hip preservation and osteoarthritis: review, table of blood drawn, PRP volume and concentration. "
    "Orthop J Sports Med 2020.",
    "S260": "Intra-articular and intra-osseous PRP protocols (table). Ther Adv Musculoskelet Dis 2022.",
    "S261": "Optimizing platelet-rich plasma gel formation by varying time and gravitational forces during "
    "centrifugation. J Oral Implantol 2013;39(5):525.",
    "S263": "Bain BJ. Bone marrow biopsy morbidity and mortality. Br J Haematol 2003;121:949–51; review of 2003, "
    "J Clin Pathol 2005.",
    "S264": "Comerci AJ et al. Risks and complications rate in liposuction: a systematic review and meta-analysis. "
    "Aesthet Surg J 2024;44(7):NP454–63.",
    "S265": "Dolen U et al. Fat grafting with tissue liquefaction technology. Aesthetic Plast Surg 2016;40:854–62.",
    "S266": "ClinicalTrials.gov NCT04757038: intradiscal hyaluronic acid plus exercise, randomised trial (protocol).",
    "S267": "Registry-based study of intradiscal culture-expanded autologous bone-marrow MSCs (n=33, up to 6 years). "
    "PMC5610473.",
    "S268": "Jerome MA, Lutz C, Lutz GE. Risks of intradiscal orthobiologic injections: a review and case series. "
    "Int J Spine Surg 2021;15(s1):26.",
    "S270": "Ashmore ZM et al. Ultrasound-guided lumbar medial branch blocks and intra-articular facet joint "
    "injections: a systematic review and meta-analysis. Pain Rep 2022;7(3):e1008.",
    "S271": "Ultrasound-guided versus fluoroscopy or CT guidance in lumbar facet joint injections: a meta-analysis "
    "of controlled trials. Arch Phys Med Rehabil 2016;97(9):1558–63.",
    "S272": "Viderman D et al. Ultrasound-guided vs fluoroscopy-guided interventions for back pain management: a "
    "systematic review and meta-analysis of RCTs. Diagnostics 2023;13(22):3474.",
}
"""Sources that only the injection story's cues name (medical reference §5 and §6)."""

CITATIONS: dict[str, str] = {**SOURCES, **INJECTION_SOURCES}
"""Every source id the narration may name -> its short citation."""
