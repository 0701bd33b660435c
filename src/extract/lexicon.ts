/**
 * Per-language dictionaries: action verbs that open a task clause, adverbs and
 * introducers that may precede them, section cues, tag keywords and the head nouns of
 * agency names. Entries are lower case (NFC); matching is on whole words at a clause start.
 * Extend these lists rather than adding text-specific rules.
 */
import type { Language } from '../domain/i18n.js';

const words = (s: string): string[] =>
  s
    .split('|')
    .map((w) => w.trim())
    .filter(Boolean);

/** Verbs (and verb phrases) that open an imperative task clause. */
export const ACTION_VERBS: Record<Language, string[]> = {
  vi: words(
    'thúc đẩy|đẩy mạnh|đẩy nhanh|tăng cường|hoàn thiện|xây dựng|phát triển|nâng cao|nâng cấp|triển khai|thực hiện|tổ chức|hướng dẫn|bồi dưỡng|tạo ra|tạo lập|xóa bỏ|xoá bỏ|loại bỏ|hoàn thành|xử lý|rà soát|tổng rà soát|đánh giá|ban hành|sửa đổi|bổ sung|nghiên cứu|ứng dụng|hỗ trợ|phát huy|khuyến khích|đổi mới|chuyển đổi|bảo đảm|đảm bảo|ưu tiên|tháo gỡ|giám sát|kiểm tra|cải thiện|cải cách|mở rộng|phổ cập|đào tạo|thu hút|huy động|kết nối|tích hợp|chia sẻ|số hóa|số hoá|đưa|chuyển|phối hợp|tiến hành|hình thành|củng cố|duy trì|cung cấp|phủ sóng|quán triệt|chỉ đạo|tập trung|đề xuất|lập|xác định|công bố|vận hành|làm chủ|thiết lập|thành lập|kiện toàn|tuyên truyền|nâng|giảm|tăng|cắt giảm|đơn giản hóa|đơn giản hoá|áp dụng|thí điểm|khai thác|sử dụng|bố trí|phân bổ|thực thi|kiểm soát|ngăn chặn|phòng chống|phòng, chống|hợp tác|tham gia|đầu tư|hiện đại hóa|hiện đại hoá|chuẩn hóa|chuẩn hoá|cập nhật|làm sạch|thống nhất|tinh giản|sắp xếp|phổ biến|quảng bá|kêu gọi|vận động|đôn đốc|theo dõi|tổng kết|sơ kết|báo cáo|trình|hướng tới|phấn đấu|bồi dưỡng|chú trọng|nắm chắc|lấy|xóa|xoá|dứt điểm|khắc phục|giải quyết|công khai|cấp|cấp phát|kiểm định|thẩm định|phê duyệt|ký|phân công|lắp đặt|trang bị|tuyển dụng|tham mưu|điều chỉnh|đồng bộ hóa|liên thông|mở|tổ chức thực hiện|kiểm tra, giám sát|xây dựng và ban hành|hoàn chỉnh|bổ sung, hoàn thiện|rà soát, sửa đổi|đăng ký|định danh|xác thực|sao lưu|mã hóa|thanh tra|xử phạt|khen thưởng|hỗ trợ kinh phí|cấp kinh phí|tăng gấp đôi|giảm một nửa|giao quyền|giao nhiệm vụ|giao chỉ tiêu|thẩm tra|kiến nghị|tham vấn|lấy ý kiến',
  ),
  en: words(
    'accelerate|promote|build|require|bring|put|teach|offer|improve|strengthen|establish|develop|cultivate|support|enhance|create|implement|advance|deepen|expand|optimize|optimise|foster|encourage|guide|unleash|carry out|conduct|take|make|give full play|give play|ensure|adhere|formulate|study|explore|launch|complete|remove|eliminate|deploy|upgrade|provide|increase|reduce|popularize|popularise|purify|advocate|construct|innovate|coordinate|participate|hold|compile|speed up|adjust|maintain|integrate|modernize|modernise|digitize|digitise|facilitate|introduce|adopt|set up|roll out|scale up|boost|raise|lower|cut|achieve|deliver|train|attract|mobilize|mobilise|protect|safeguard|monitor|review|revise|amend|issue|publish|standardize|standardise|streamline|simplify|consolidate|open up|smooth|focus on|prioritize|prioritise|extend|connect|share|leverage|harness|apply|pilot|form|organize|organise|lead|drive|invest|fund|finalize|finalise|draft|prepare|assess|evaluate|enforce|prevent|combat|tackle|address|resolve|clear|expedite|ramp up|step up|push forward|press ahead|work to|seek to|strive to|aim to|report|patch|update|audit|certify|map|register|license|regulate|procure|migrate|retire|replace|align|harmonize|harmonise|benchmark|measure|track|collect|analyse|analyze|design|test|define|identify|designate|appoint|allocate|approve|submit|endorse|sign|ratify|enact|legislate|equip|recruit|hire|cover|link|open|reform|restructure|merge|transfer|enable|empower|retrofit|install|operate|renew|reinforce|secure|encrypt|back up|verify|inspect|supervise|investigate|reward|incentivize|incentivise|subsidize|subsidise|grant|award|finance|double|triple|halve|reach|attain|exceed|offer|run|set|keep|engage|consult|collaborate|partner|convene|solicit|notify|disseminate',
  ),
  zh: words(
    '明确|精简|做好|执行|督查|审核|推进|推动|加快|加强|完善|建设|构建|打造|培育|提升|提高|促进|实施|开展|深化|强化|优化|健全|建立|发展|支持|鼓励|引导|落实|组织|制定|出台|推广|拓展|扩大|探索|部署|实现|统筹|夯实|畅通|做强|做优|做大|营造|增强|保障|确保|加大|创建|消除|完成|建成|形成|培养|整合|规范|提速|升级|改造|普及|宣传|监测|评估|修订|编制|开发|应用|运用|利用|发挥|释放|激发|创新|协同|共建|参与|举办|搭建|布局|治理|防范|维护|保护|净化|倡导|引进|壮大|扶持|简化|清理|压减|降低|减少|增加|力争|筑牢|打通|贯彻|坚持|研究|推出|启动|设立|成立|联合|整治|报送|上报|公布|发布|印发|审批|批准|核查|检查|督促|督导|配备|招聘|采购|更新|迁移|对接|接入|覆盖|开通|上线|清退|编制|修订|出台|制订|颁布|认定|评选|遴选|试点|示范|培训|补贴|奖励|考核|通报|淘汰|关停|整合|共享|开放|贯通|互联|提质|扩容',
  ),
  ar: words(
    'تعزيز|تطوير|بناء|إنشاء|انشاء|تحسين|دعم|تسريع|تنفيذ|إطلاق|اطلاق|توسيع|رفع|تشجيع|تحقيق|استكمال|إعداد|اعداد|اعتماد|توفير|تمكين|تفعيل|ضمان|العمل على|مواصلة|الارتقاء|تحديث|رقمنة|نشر|إزالة|ازالة|إتمام|اتمام|تأهيل|تدريب|تنمية|إصدار|اصدار|مراجعة|تبسيط|حماية|مكافحة|إدماج|ادماج|دمج|ربط|تنظيم|وضع|تبني|توطين|استقطاب|جذب|زيادة|خفض|تقليل|الحد من|إعادة|اعادة|تأمين|مراقبة|متابعة|تقييم|إنجاز|انجاز|توحيد|تيسير|إتاحة|اتاحة|تشغيل|استحداث|تعميم|تطبيق|استخدام|بذل|إجراء|اجراء|تنسيق|المشاركة|المساهمة|تكثيف|إرساء|ارساء|تأسيس|ترسيخ|تهيئة|توجيه|حث|استثمار|تمويل|نقل|تحويل|تقديم|تعيين|تخصيص|شراء|ترقية|استبدال|توقيع|إقرار|اقرار|تحديد|قياس|رصد|توظيف|مضاعفة|تخفيض|توسعة|تفعيل|إلزام|الزام|تصميم|اختبار|تقليص|ربط|تشغيل|صيانة|تجديد|نشر',
  ),
};

/** Adverbs, modals and introducers allowed before the verb of a task clause. */
export const LEADERS: Record<Language, string[]> = {
  vi: words(
    'chủ trì|phối hợp với|khẩn trương|tiếp tục|tích cực|chủ động|quyết liệt|nghiêm túc|sớm|từng bước|cơ bản|kiên quyết|đồng thời|bao gồm|gồm|trong đó|cụ thể|cụ thể là|nhất là|đặc biệt|đặc biệt là|cần|phải|cần phải|sẽ|đề nghị|yêu cầu|tập trung|chỉ đạo|cũng như|và|nghiêm|tăng tốc|mạnh mẽ|toàn diện|đồng bộ|hiệu quả|kịp thời|thường xuyên|chủ trì|phối hợp với|trước mắt|ngay',
  ),
  en: words(
    'vigorously|actively|further|effectively|comprehensively|steadily|continuously|continue to|urgently|fully|systematically|resolutely|we will|will|shall|must|should|also|and|including|in particular|at the same time|meanwhile|moreover|we must|it is necessary to|need to|to|strive to|successfully|jointly|gradually|orderly|proactively|promptly|timely|basically|firmly|deeply|in-depth|in depth|overall|coordinately|scientifically|greatly|significantly|accurately|better|newly|first|second|third|then|finally|also|thoroughly|continuously',
  ),
  zh: words(
    '请|会同|联合|配合|牵头|负责|积极|大力|稳步|着力|全面|深入|进一步|持续|加快|扎实|有序|切实|努力|全力|统筹|协同|重点|要|应|将|须|必须|需|并|同时|包括|其中|此外|不断|逐步|合力|联合',
  ),
  ar: words(
    'و|ف|كما|مع|أيضا|أيضاً|بما في ذلك|يشمل ذلك|على أن|أن|سيتم|يتم|ينبغي|يجب|العمل على|مواصلة|على|بالتنسيق مع|بالتعاون مع|تتولى|يتولى|تعمل|يعمل|تقوم|يقوم|تلتزم|يلتزم|ستعمل|سيعمل',
  ),
};

/** Sentence-level cues that a section of tasks starts (on) or of context/viewpoints (off). */
export const SECTION_ON: Record<Language, RegExp> = {
  vi: /(?:^|\s)(?:về\s+)?(?:nhiệm vụ|giải pháp|yêu cầu|định hướng|thời gian tới)(?:\s|,|$)/iu,
  en: /\b(?:tasks?|measures|actions?|requir(?:es|ed|ing)|instruct(?:s|ed)|calls? for|shall|will|must)\b/i,
  zh: /(?:任务|措施|要求|部署|提出|明确|强调|指出)/u,
  ar: /(?:المهام|الإجراءات|التدابير|يتعين|يجب|تلتزم|ستعمل|سيتم)/u,
};
export const SECTION_OFF: Record<Language, RegExp> = {
  vi: /^(?:về\s+)?(?:quan điểm|kết quả|tình hình|bài học|tồn tại|hạn chế|bối cảnh|thực trạng)|(?:chỉ rõ|nêu rõ)\s+những\s+(?:bài học|tồn tại|hạn chế|kết quả)|bài học kinh nghiệm|(?:^|\s)về quan điểm/iu,
  en: /^(?:(?:on|as for|regarding)\s+the\s+)?(?:results|lessons|achievements|background|context|situation)\b/i,
  zh: /^(?:成效|成绩|经验|背景|形势)/u,
  ar: /^(?:النتائج|الإنجازات|الدروس|السياق)/u,
};

/** Words that make a clause descriptive rather than a task (copula, past, report). */
export const NON_TASK: Record<Language, RegExp> = {
  vi: /(?:^|\s)(?:là\s+(?:một|đòi hỏi|yêu cầu|động lực|nhiệm vụ|xu thế|quá trình|trụ cột|nền tảng)|đã\s|được\s+tổ\s+chức|biểu dương|ghi nhận|đánh giá cao|cho biết|phát biểu)/iu,
  en: /\b(?:is|are|was|were|has been|have been|had|pointed out|emphasi[sz]es|said|noted|stated)\b/i,
  zh: /(?:是|已|了|指出|表示|强调)/u,
  ar: /(?:كان|كانت|تم\s|قد\s|أشار|أكد|قال)/u,
};

/** Tag → keywords per language (lower case). */
export const TAGS: Record<string, Record<Language, string[]>> = {
  digital: {
    vi: words(
      'số|số hóa|số hoá|chuyển đổi số|công nghệ thông tin|điện tử|trực tuyến|dữ liệu|nền tảng số|internet|5g|trí tuệ nhân tạo|điện toán đám mây',
    ),
    en: words(
      'digital|digitization|digitalization|digitisation|online|data|internet|5g|ipv6|computing|software|e-commerce|artificial intelligence|ai|cloud|information',
    ),
    zh: words('数字|数据|网络|信息化|互联网|5g|算力|智能|电子|在线|云'),
    ar: words(
      'رقمي|الرقمية|الرقمي|رقمنة|البيانات|الإنترنت|الالكترونية|الإلكترونية|الذكاء الاصطناعي|السحابية|الجيل الخامس',
    ),
  },
  green: {
    vi: words(
      'xanh|carbon|các-bon|phát thải|năng lượng tái tạo|tiết kiệm năng lượng|môi trường|sinh thái|tuần hoàn|khí hậu',
    ),
    en: words(
      'green|carbon|emission|emissions|renewable|energy efficiency|environment|environmental|ecological|ecology|circular|climate|low-carbon',
    ),
    zh: words('绿色|低碳|碳|排放|节能|环境|生态|循环|气候|可再生'),
    ar: words('الأخضر|الخضراء|خضراء|الكربون|الانبعاثات|المتجددة|البيئة|البيئي|البيئية|المناخ|الدائري'),
  },
  security: {
    vi: words('an ninh mạng|an toàn thông tin|an toàn, an ninh mạng|bảo mật|an toàn không gian mạng'),
    en: words('security|cybersecurity|cyber security|safe|safety|secure|privacy'),
    zh: words('安全|网络安全|数据安全|保密'),
    ar: words('الأمن السيبراني|أمن المعلومات|الأمن|حماية البيانات'),
  },
  infrastructure: {
    vi: words('hạ tầng|băng rộng|vùng lõm sóng|phủ sóng|trạm gốc|trung tâm dữ liệu|mạng di động|viễn thông'),
    en: words(
      'infrastructure|broadband|network|networks|base station|data center|data centre|data centers|fiber|optical|telecommunications',
    ),
    zh: words('基础设施|宽带|基站|数据中心|光网|网络'),
    ar: words('البنية التحتية|النطاق العريض|مراكز البيانات|الاتصالات|الألياف'),
  },
  'e-government': {
    vi: words('chính phủ số|chính phủ điện tử|dịch vụ công|thủ tục hành chính|cải cách hành chính'),
    en: words('government affairs|digital government|e-government|public services|public service|administrative'),
    zh: words('政务|数字政府|公共服务|一件事'),
    ar: words('الحكومة الرقمية|الحكومة الإلكترونية|الخدمات الحكومية|الخدمات العامة'),
  },
  economy: {
    vi: words('kinh tế số|doanh nghiệp|thương mại điện tử|công nghiệp|sản xuất|thị trường'),
    en: words(
      'economy|economic|industry|industries|industrial|enterprises|enterprise|business|businesses|market|trade|investment',
    ),
    zh: words('经济|产业|企业|工业|市场|贸易|投资'),
    ar: words('الاقتصاد|الاقتصادي|الصناعة|الشركات|المؤسسات|التجارة|الاستثمار'),
  },
  skills: {
    vi: words('nhân lực|nhân tài|kỹ năng|đào tạo|bồi dưỡng|giáo dục'),
    en: words('talent|talents|skills|skill|training|education|literacy|cadres'),
    zh: words('人才|技能|培训|教育|素养'),
    ar: words('المهارات|الكفاءات|التدريب|التعليم|الكوادر|القدرات البشرية'),
  },
  innovation: {
    vi: words('đổi mới sáng tạo|khởi nghiệp|nghiên cứu|khoa học công nghệ|thí điểm'),
    en: words('innovation|innovative|research|r&d|science|technology|pilot'),
    zh: words('创新|研发|科技|试点'),
    ar: words('الابتكار|البحث|العلوم|التكنولوجيا|ريادة الأعمال'),
  },
  international: {
    vi: words('hợp tác quốc tế|hội nhập|quốc tế'),
    en: words('international|global|cross-border|foreign'),
    zh: words('国际|全球|跨境|一带一路|丝绸之路'),
    ar: words('الدولي|الدولية|العالمي|التعاون الدولي'),
  },
};

/** Head nouns that start an agency name (for unmatched candidates). */
export const AGENCY_HEADS: Record<Language, RegExp> = {
  vi: /(?<![\p{L}])(?:Bộ|Ủy ban|Uỷ ban|UBND|Ban cán sự đảng|Đảng đoàn|Đảng ủy|Đảng uỷ|Đảng bộ|Chi bộ|Tổ đảng|Ban Thường vụ|Ban|Văn phòng|Cơ quan|Tổng cục|Cục|Sở|Viện|Hội đồng|Tập đoàn|Tổng công ty|Ngân hàng Nhà nước|Kiểm toán Nhà nước|Thanh tra Chính phủ|Tòa án|Viện kiểm sát|Đài|Thông tấn xã)(?=\s)/gu,
  en: /\b(?:Ministry|Department|Office|Commission|Committee|Council|Administration|Agency|Bureau|Authority|Directorate|Institute|Secretariat|Board|Centre|Center|Centers|Centres|Secretary|Minister|Consortium|Task Force|Working Group)\b/g,
  zh: /(?:委员会|办公室|办公厅|领导小组|总局|人民政府|部|委|办|(?<![布格结大全当])局|(?<!部)署|院|(?<=[市省][\u4e00-\u9fff]{1,3})(?:联|协))(?=[，。、；：\s（）()“”]|和|与|及|会同|牵头|负责|要|应|等|联合|印发|发布|制定|关于|院长|部长|局长|主任|书记|检察长|党组|落实|在|按照|根据|加强|组织|开展|适时|推动|指导|做好|提出|研究|$)/gu,
  ar: /(?:وزارة|هيئة|الهيئة|مجلس|المجلس|لجنة|اللجنة|مكتب|إدارة|ادارة|دائرة|مديرية|سلطة|مركز|المركز|جهاز|الجهاز|مؤسسة|المؤسسة)(?=\s)/gu,
};
